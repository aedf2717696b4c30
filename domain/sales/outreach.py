"""send_email: one outreach email, recorded once in the outbox and logged as activity."""

from __future__ import annotations

from typing import Any

from domain.commercial_email import with_sender_footer
from domain.errors import InvalidArgumentError
from domain.lookups import get_owned
from domain.models import Activity, Contact, Opportunity, OutboxMessage, Proposal
from domain.outbox import record
from domain.sales.recipients import already_recorded, ensure_contactable, resolve_recipient
from domain.scope import Scope


def send_email(
    scope: Scope,
    *,
    key: str,
    to: str,
    subject: str,
    body: str,
    contact_id: int | None = None,
    opportunity_id: int | None = None,
    proposal_id: int | None = None,
) -> dict[str, Any]:
    """Record an email in the outbox (once per ``key``), log it and mark the contact.

    Refuses opted-out contacts and bounced addresses (InvalidArgumentError on ``to``).
    The body gets the sender's CAN-SPAM footer (``domain.commercial_email``); a tenant
    without a postal address gets MissingPostalAddressError. A repeat with the same
    key returns the first result with ``duplicate: true`` and does nothing else.
    """
    earlier = already_recorded(scope, key)
    if earlier is not None:
        return _result(scope, earlier, duplicate=True)
    address, contact = resolve_recipient(scope, to, contact_id, email_argument="to")
    ensure_contactable(scope, address, contact, argument="to")
    opportunity = (
        get_owned(scope, Opportunity, opportunity_id, argument="opportunity_id")
        if opportunity_id is not None
        else None
    )
    body = with_sender_footer(scope, body)
    proposal = _proposal(scope, proposal_id, opportunity)
    if proposal is not None and opportunity is None:
        opportunity = scope.session.get(Opportunity, proposal.opportunity_id)
    payload: dict[str, Any] = {
        "contact_id": contact.id if contact else None,
        "opportunity_id": opportunity.id if opportunity else None,
        "proposal_id": proposal.id if proposal else None,
    }
    recorded = record(
        scope, key=key, kind="email", recipient=address, subject=subject, body=body, payload=payload
    )
    if recorded.created:
        activity = Activity(
            tenant_id=scope.tenant_id,
            contact_id=payload["contact_id"],
            company_id=contact.company_id if contact else None,
            opportunity_id=payload["opportunity_id"],
            kind="email",
            direction="outbound",
            subject=subject[:300],
            body=body,
            occurred_at=scope.now,
            created_by=scope.actor,
        )
        scope.session.add(activity)
        if contact is not None and contact.outreach_status == "none":
            contact.outreach_status = "contacted"
        if proposal is not None and proposal.status == "draft":
            proposal.status = "sent"
        scope.session.flush()
        recorded.message.payload = {**payload, "activity_id": activity.id}
        scope.session.flush()
    return _result(scope, recorded.message, duplicate=not recorded.created)


def _proposal(
    scope: Scope, proposal_id: int | None, opportunity: Opportunity | None
) -> Proposal | None:
    if proposal_id is None:
        return None
    proposal = get_owned(scope, Proposal, proposal_id, argument="proposal_id")
    if opportunity is not None and proposal.opportunity_id != opportunity.id:
        raise InvalidArgumentError(
            "proposal_id",
            f"proposal {proposal.id} belongs to opportunity {proposal.opportunity_id}",
        )
    return proposal


def _result(scope: Scope, message: OutboxMessage, *, duplicate: bool) -> dict[str, Any]:
    contact_id = message.payload.get("contact_id")
    contact = scope.session.get(Contact, contact_id) if contact_id else None
    return {
        "outbox_id": message.id,
        "idempotency_key": message.idempotency_key,
        "duplicate": duplicate,
        "status": message.status,
        "to": message.recipient,
        "subject": message.subject,
        "contact_id": contact_id,
        "activity_id": message.payload.get("activity_id"),
        "outreach_status": contact.outreach_status if contact else None,
    }
