"""Order lookups and the facts support needs about one order (refunds, policy, event)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from domain.errors import ConflictError, NotFoundError
from domain.models import Event, Order, Refund
from domain.scope import Scope
from domain.support.refund_policy import RefundEntitlement, RefundPolicy, refund_entitlement

CLOSED_STATUSES = frozenset({"cancelled", "refunded"})
"""Orders in these states hold no valid tickets: no resend, transfer or refund."""

Compose = Callable[[str, Mapping[str, Any]], tuple[str, str]]
"""Renders a message from a template name and values into (subject, body)."""


def find_order(scope: Scope, number: str, *, argument: str = "order_number") -> Order:
    """The tenant's order with this number (case-insensitive), or NotFoundError."""
    order = scope.session.scalars(
        select(Order).where(
            Order.tenant_id == scope.tenant_id,
            func.upper(Order.number) == number.strip().upper(),
        )
    ).first()
    if order is None:
        raise NotFoundError("order", number, argument=argument)
    return order


def order_event(scope: Scope, order: Order) -> Event:
    """The event an order is for (same tenant by construction)."""
    event = scope.session.get(Event, order.event_id)
    assert event is not None
    return event


def refunds_of(scope: Scope, order: Order) -> list[Refund]:
    """Processed and pending refunds on an order, oldest first."""
    return list(
        scope.session.scalars(
            select(Refund)
            .where(Refund.tenant_id == scope.tenant_id, Refund.order_id == order.id)
            .order_by(Refund.requested_at, Refund.id)
        )
    )


def refunded_total(refunds: list[Refund]) -> Decimal:
    """Money already returned (processed refunds only)."""
    return sum((r.amount for r in refunds if r.status == "processed"), Decimal(0))


def entitlement(scope: Scope, order: Order, event: Event) -> RefundEntitlement:
    """What the event's policy lets this order get back today."""
    policy = RefundPolicy(
        full_days_before=event.refund_full_days_before,
        partial_days_before=event.refund_partial_days_before,
        partial_pct=event.refund_partial_pct,
    )
    return refund_entitlement(
        policy,
        amount_paid=order.amount,
        already_refunded=refunded_total(refunds_of(scope, order)),
        days_before_event=(event.starts_on - scope.today).days,
    )


def require_open(order: Order, action: str) -> None:
    """ConflictError when the order is cancelled or fully refunded."""
    if order.status in CLOSED_STATUSES:
        raise ConflictError(
            f"cannot {action}: order {order.number} is {order.status} and holds no valid tickets"
        )


def to_payload(value: Any) -> Any:
    """JSON-column-safe copy of a result: money as float, dates as ISO strings."""
    if isinstance(value, Mapping):
        return {str(k): to_payload(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_payload(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
