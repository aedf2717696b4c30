"""Email leaving through the outbox: what is mailed, the message, unsubscribe links."""
