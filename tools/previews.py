"""How a proposed external action looks in the outbox before anyone approves it."""

from __future__ import annotations

from typing import Any

OUTBOX_KIND = {
    "send_email": "email",
    "schedule_meeting": "meeting_invite",
    "send_email_campaign": "email_campaign",
    "schedule_post": "social_post",
    "send_reminder": "reminder",
    "escalate_issue": "escalation",
    "resend_ticket": "ticket_resend",
    "transfer_ticket": "email",
    "process_refund": "refund",
    "escalate_to_human": "escalation",
}
_RECIPIENT_ARGS = (
    "to",
    "email",
    "new_email",
    "attendee_email",
    "requester_email",
    "order_number",
    "platform",
    "segment",
    "campaign_id",
    "deliverable_id",
    "vendor_id",
)


def preview(tool: str, args: dict[str, Any]) -> dict[str, str]:
    """Kind, recipient, subject and body of a proposed action, from its arguments."""
    recipient = next(
        (
            f"{k}={args[k]}" if k not in ("to", "email") else str(args[k])
            for k in _RECIPIENT_ARGS
            if args.get(k) not in (None, "")
        ),
        "",
    )
    subject = str(args.get("subject") or args.get("title") or tool.replace("_", " "))
    body = str(
        args.get("body") or args.get("text") or args.get("details") or args.get("reason") or ""
    )
    return {
        "kind": OUTBOX_KIND.get(tool, "action"),
        "recipient": recipient,
        "subject": subject[:300],
        "body": body,
    }
