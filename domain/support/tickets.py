"""Ticket lookups and confirmation resends for attendees."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select

from domain import outbox
from domain.errors import InvalidArgumentError, NotFoundError
from domain.models import Attendee, Order, TicketType
from domain.outbox import replayed
from domain.scope import Scope
from domain.support.orders import (
    Compose,
    entitlement,
    find_order,
    order_event,
    refunded_total,
    refunds_of,
    require_open,
    to_payload,
)

MAX_ORDERS_PER_LOOKUP = 20


def lookup_ticket(
    scope: Scope, *, order_number: str | None = None, email: str | None = None
) -> dict[str, Any]:
    """Orders with their tickets, refunds and today's refund eligibility.

    Args:
        scope: tenant and session.
        order_number: the order number the attendee quotes (ORD-10501).
        email: the buyer's or an attendee's email, when no order number is known.

    Returns:
        ``orders``: one entry per order (newest first, at most 20) with status, ticket
        type, amount, attendees with codes and transfer history, refunds so far and
        the refund the event's policy allows today.

    Raises:
        InvalidArgumentError: neither order_number nor email was given.
        NotFoundError: nothing matches.
    """
    if order_number:
        orders = [find_order(scope, order_number)]
    elif email:
        orders = _orders_for_email(scope, email)
    else:
        raise InvalidArgumentError("order_number", "give an order_number or an email")
    return {"count": len(orders), "orders": [_describe(scope, o) for o in orders]}


def _orders_for_email(scope: Scope, email: str) -> list[Order]:
    wanted = email.strip().lower()
    holder = select(Attendee.order_id).where(
        Attendee.tenant_id == scope.tenant_id, func.lower(Attendee.email) == wanted
    )
    orders = list(
        scope.session.scalars(
            select(Order)
            .where(
                Order.tenant_id == scope.tenant_id,
                or_(func.lower(Order.buyer_email) == wanted, Order.id.in_(holder)),
            )
            .order_by(Order.placed_at.desc(), Order.id.desc())
            .limit(MAX_ORDERS_PER_LOOKUP)
        )
    )
    if not orders:
        raise NotFoundError("order for email", email, argument="email")
    return orders


def _describe(scope: Scope, order: Order) -> dict[str, Any]:
    event = order_event(scope, order)
    ticket_type = scope.session.get(TicketType, order.ticket_type_id)
    refunds = refunds_of(scope, order)
    allowed = entitlement(scope, order, event)
    open_order = order.status not in {"cancelled", "refunded"}
    return {
        "order_number": order.number,
        "status": order.status,
        "event": {"id": event.id, "name": event.name, "starts_on": event.starts_on},
        "ticket_type": ticket_type.name if ticket_type else None,
        "quantity": order.quantity,
        "amount": order.amount,
        "buyer": {"name": order.buyer_name, "email": order.buyer_email},
        "placed_at": order.placed_at,
        "attendees": [
            {
                "attendee_id": a.id,
                "ticket_code": a.ticket_code,
                "name": a.name,
                "email": a.email,
                "transfer_history": list(a.transfer_history or []),
            }
            for a in sorted(order.attendees, key=lambda a: a.id)
        ],
        "refunds": [
            {
                "refund_id": r.id,
                "amount": r.amount,
                "status": r.status,
                "reason": r.reason,
                "requested_at": r.requested_at,
            }
            for r in refunds
        ],
        "refunded_total": refunded_total(refunds),
        "refund_eligibility": {
            "rule": allowed.rule if open_order else "none",
            "pct": allowed.pct if open_order else 0,
            "days_before_event": allowed.days_before_event,
            "refundable_now": allowed.refundable if open_order else 0,
            "explanation": allowed.explanation
            if open_order
            else f"order is {order.status}; nothing further is refundable",
        },
    }


def resend_ticket(
    scope: Scope, *, key: str, order_number: str, ticket_code: str | None, compose: Compose
) -> dict[str, Any]:
    """Resend an order's confirmation (or one attendee's ticket) through the outbox.

    Args:
        scope: tenant and session.
        key: idempotency key; a repeat returns the first resend marked duplicate.
        order_number: the order to resend.
        ticket_code: only this attendee's ticket, sent to the attendee's email.
        compose: renders the ``support_ticket_resend`` message.

    Raises:
        NotFoundError: unknown order or ticket code.
        ConflictError: the order is cancelled or refunded.
    """
    previous = replayed(scope, key)
    if previous is not None:
        return previous
    order = find_order(scope, order_number)
    require_open(order, "resend tickets")
    attendees = sorted(order.attendees, key=lambda a: a.id)
    if ticket_code:
        attendees = [a for a in attendees if a.ticket_code.upper() == ticket_code.strip().upper()]
        if not attendees:
            raise NotFoundError("ticket on this order", ticket_code, argument="ticket_code")
        recipient_name, recipient = attendees[0].name, attendees[0].email
    else:
        recipient_name, recipient = order.buyer_name, order.buyer_email
    event = order_event(scope, order)
    codes = [a.ticket_code for a in attendees]
    subject, body = compose(
        "support_ticket_resend",
        {
            "name": recipient_name,
            "order_number": order.number,
            "event_name": event.name,
            "starts_on": event.starts_on.isoformat(),
            "venue": f"{event.venue}, {event.city}",
            "ticket_codes": ", ".join(codes),
        },
    )
    result = {
        "order_number": order.number,
        "recipient": recipient,
        "ticket_codes": codes,
        "subject": subject,
    }
    recorded = outbox.record(
        scope,
        key=key,
        kind="ticket_resend",
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
