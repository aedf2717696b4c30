"""The email an outbox row becomes: headers, body, unsubscribe, calendar invite."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.utils import formataddr, formatdate, parseaddr

from domain.mail.queue import Claimed

HEADERS_POLICY = policy.SMTP.clone(max_line_length=998)
"""RFC 5322's hard line limit: the default (78) folds a long unsubscribe URL into
RFC 2047 encoded words, which mail clients do not read as a link."""


def sender_domain(sender: str) -> str:
    """The domain of the sender address (it names Message-IDs)."""
    address = parseaddr(sender)[1] or sender
    return address.rpartition("@")[2] or "localhost"


def compose(claimed: Claimed, *, sender: str, unsubscribe_url: str | None) -> EmailMessage:
    """The message for ``claimed``: sent as the tenant, with the stable Message-ID.

    Outreach (a recipient who is a CRM contact) carries ``List-Unsubscribe`` with
    one-click unsubscribe (RFC 8058) and the link in the body.
    """
    message = EmailMessage(policy=HEADERS_POLICY)
    name, address = parseaddr(sender)
    message["From"] = formataddr((claimed.tenant_name or name, address or sender))
    message["To"] = claimed.recipient
    message["Subject"] = claimed.subject or _default_subject(claimed.kind)
    message["Message-ID"] = claimed.message_id
    message["Date"] = formatdate(localtime=False)
    body = claimed.body or claimed.subject
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        body = f"{body}\n\n--\nTo stop receiving these emails: {unsubscribe_url}\n"
    message.set_content(body)
    ics = claimed.payload.get("ics")
    if claimed.kind == "meeting_invite" and isinstance(ics, str) and ics:
        message.add_attachment(
            ics.encode(),
            maintype="text",
            subtype="calendar",
            filename="invite.ics",
            params={"method": "REQUEST"},
        )
    return message


def _default_subject(kind: str) -> str:
    return {
        "ticket_resend": "Your tickets",
        "meeting_invite": "Meeting invitation",
        "reminder": "Reminder",
        "escalation": "Escalation",
    }.get(kind, "Message")
