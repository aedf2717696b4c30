"""``switchboard worker``: processes that take queued runs from Redis and run the graph."""
