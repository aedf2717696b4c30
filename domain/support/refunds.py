"""Refunds under the event's policy, recorded once per idempotency key."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain import outbox
from domain.errors import ConflictError, InvalidArgumentError
from domain.models import Refund
from domain.outbox import replayed
from domain.scope import Scope
from domain.support.orders import (
    Compose,
    entitlement,
    find_order,
    order_event,
    require_open,
    to_payload,
)
from domain.support.refund_policy import (
    CENT,
    REFUND_ESCALATION_THRESHOLD,
    RefundRule,
    above_escalation_threshold,
)


def process_refund(
    scope: Scope,
    *,
    key: str,
    order_number: str,
    amount: Decimal | None,
    reason: str,
    compose: Compose,
) -> dict[str, Any]:
    """Refund an order within what the event's policy allows today.

    Args:
        scope: tenant and session.
        key: idempotency key; a repeat returns the first refund marked duplicate and
            creates no second Refund row.
        order_number: the order to refund.
        amount: how much; omitted means the most the policy allows.
        reason: why, kept on the refund.
        compose: renders the ``support_refund`` message to the buyer.

    Returns:
        The refund (id, amount, rule applied), the order's new status, the remainder
        still refundable and ``above_escalation_threshold`` (amount > $500).

    Raises:
        NotFoundError: unknown order (names ``order_number``).
        InvalidArgumentError: amount not positive or above the refundable remainder.
        ConflictError: order cancelled or refunded, or nothing refundable any more.
    """
    previous = replayed(scope, key)
    if previous is not None:
        return previous
    if amount is not None and amount <= 0:
        raise InvalidArgumentError("amount", "must be greater than 0")
    order = find_order(scope, order_number)
    require_open(order, "refund")
    event = order_event(scope, order)
    allowed = entitlement(scope, order, event)
    if allowed.refundable <= 0:
        detail = allowed.explanation if allowed.rule is RefundRule.NONE else "already refunded"
        raise ConflictError(f"nothing refundable on order {order.number}: {detail}")
    value = allowed.refundable if amount is None else amount.quantize(CENT)
    if value > allowed.refundable:
        raise InvalidArgumentError(
            "amount",
            f"{value} exceeds the {allowed.refundable} still refundable on order "
            f"{order.number} under the {allowed.rule.value} refund rule ({allowed.pct}%)",
        )
    refunded_after = allowed.already_refunded + value
    new_status = "refunded" if refunded_after >= order.amount else "partially_refunded"
    subject, body = compose(
        "support_refund",
        {
            "name": order.buyer_name,
            "order_number": order.number,
            "amount": f"{value:.2f}",
            "event_name": event.name,
            "rule": allowed.explanation,
            "reason": reason,
        },
    )
    result: dict[str, Any] = {
        "order_number": order.number,
        "amount": value,
        "rule": allowed.rule,
        "rule_pct": allowed.pct,
        "explanation": allowed.explanation,
        "order_status": new_status,
        "refunded_total": refunded_after,
        "remaining_refundable": allowed.refundable - value,
        "above_escalation_threshold": above_escalation_threshold(value),
        "escalation_threshold": REFUND_ESCALATION_THRESHOLD,
    }
    recorded = outbox.record(
        scope,
        key=key,
        kind="refund",
        recipient=order.buyer_email,
        subject=subject,
        body=body,
        payload={"result": to_payload(result)},
    )
    if not recorded.created:
        return replayed(scope, key) or {}
    refund = Refund(
        tenant_id=scope.tenant_id,
        order_id=order.id,
        amount=value,
        reason=reason,
        status="processed",
        requested_at=scope.now,
        processed_at=scope.now,
    )
    scope.session.add(refund)
    order.status = new_status
    scope.session.flush()
    result["refund_id"] = refund.id
    recorded.message.payload = {"result": to_payload(result)}
    scope.session.flush()
    return {**to_payload(result), "duplicate": False, "outbox_id": recorded.message.id}
