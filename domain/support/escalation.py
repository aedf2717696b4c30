"""Hand a support request to the human support lead (seed 000's escalation rules)."""

from __future__ import annotations

from typing import Any

from domain import outbox
from domain.errors import InvalidArgumentError
from domain.lookups import get_owned, resolve_event
from domain.models import Order, SupportCase
from domain.outbox import replayed
from domain.scope import Scope
from domain.support.orders import Compose, find_order, to_payload
from domain.support.signals import EscalationReason

SUPPORT_LEAD = "support_lead"

CASE_CATEGORY = {
    EscalationReason.REFUND_OVER_LIMIT: "refund",
    EscalationReason.SAFETY: "safety",
    EscalationReason.SECURITY: "safety",
    EscalationReason.LEGAL: "general",
    EscalationReason.UPSET_ATTENDEE: "complaint",
    EscalationReason.UNRESOLVED: "general",
}
URGENT = frozenset({EscalationReason.SAFETY, EscalationReason.SECURITY})


def support_lead_address(tenant_id: str) -> str:
    """Where escalations go: the tenant's support lead."""
    return f"support-lead@{tenant_id}.example"


def escalate_to_human(
    scope: Scope,
    *,
    key: str,
    reason: EscalationReason,
    summary: str,
    case_id: int | None = None,
    order_number: str | None = None,
    requester_email: str | None = None,
    requester_name: str | None = None,
    compose: Compose,
) -> dict[str, Any]:
    """Mark (or open) a support case as escalated and notify the support lead.

    Args:
        scope: tenant and session.
        key: idempotency key; a repeat returns the first escalation, no second case.
        reason: why a human is needed.
        summary: what the attendee needs and what was tried, for the lead.
        case_id: an existing support case to escalate.
        order_number: the order concerned; opens a case for its buyer when no case_id.
        requester_email: who asked, when there is neither case nor order.
        requester_name: their name, if known.
        compose: renders the ``support_escalation`` message.

    Raises:
        NotFoundError: unknown case or order.
        InvalidArgumentError: nobody to attach a new case to.
    """
    previous = replayed(scope, key)
    if previous is not None:
        return previous
    order = find_order(scope, order_number) if order_number else None
    if case_id is not None:
        case = get_owned(scope, SupportCase, case_id, argument="case_id")
        created_case = False
    else:
        case = _open_case(scope, reason, summary, order, requester_email, requester_name)
        created_case = True
    case.status = "escalated"
    case.assigned_to = SUPPORT_LEAD
    case.priority = "urgent" if reason in URGENT else "high"
    if order is not None and case.order_id is None:
        case.order_id = order.id
    scope.session.flush()
    recipient = support_lead_address(scope.tenant_id)
    subject, body = compose(
        "support_escalation",
        {
            "reason": reason.value.replace("_", " "),
            "case_id": str(case.id),
            "requester": f"{case.requester_name} <{case.requester_email}>",
            "order_number": order.number if order else "none",
            "priority": case.priority,
            "subject": case.subject,
            "summary": summary,
        },
    )
    result = {
        "case_id": case.id,
        "case_created": created_case,
        "status": case.status,
        "priority": case.priority,
        "reason": reason,
        "assigned_to": SUPPORT_LEAD,
        "recipient": recipient,
    }
    recorded = outbox.record(
        scope,
        key=key,
        kind="escalation",
        recipient=recipient,
        subject=subject,
        body=body,
        payload={"result": to_payload(result)},
    )
    return {
        **to_payload(result),
        "duplicate": not recorded.created,
        "outbox_id": recorded.message.id,
    }


def _open_case(
    scope: Scope,
    reason: EscalationReason,
    summary: str,
    order: Order | None,
    email: str | None,
    name: str | None,
) -> SupportCase:
    if order is None and not email:
        raise InvalidArgumentError(
            "requester_email", "give a case_id, an order_number or the requester's email"
        )
    event_id = order.event_id if order else resolve_event(scope).id
    case = SupportCase(
        tenant_id=scope.tenant_id,
        event_id=event_id,
        order_id=order.id if order else None,
        requester_name=name or (order.buyer_name if order else (email or "").split("@")[0]),
        requester_email=email or (order.buyer_email if order else ""),
        subject=f"Escalated: {reason.value.replace('_', ' ')}",
        body=summary,
        category=CASE_CATEGORY[reason],
        sentiment="upset" if reason is EscalationReason.UPSET_ATTENDEE else "neutral",
        created_at=scope.now,
    )
    scope.session.add(case)
    return case
