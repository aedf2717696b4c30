"""Per-event facts the analyses share: orders with their refunds, refunds, web traffic.

Rows are loaded with tenant-filtered ``select()`` and turned into small frozen records
with calendar dates (UTC), so every analysis aggregates the same way on SQLite and
Postgres.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from domain.models import Order, Refund, TicketType, TrafficDaily
from domain.scope import Scope

INACTIVE_STATUSES = frozenset({"cancelled", "refunded"})


def utc_day(moment: datetime) -> date:
    """The UTC calendar day of a timestamp (naive timestamps are taken as UTC)."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(UTC).date()


@dataclass(frozen=True)
class OrderFact:
    """One order as the analyses see it.

    Attributes:
        placed_on: UTC day the order was placed.
        quantity: tickets in the order.
        amount: amount paid.
        refunded: processed refunds on the order.
        status: paid | partially_refunded | refunded | cancelled.
        channel: sales channel.
        ticket_type: ticket type name.
        cancelled_on: UTC day of cancellation, if cancelled.
    """

    placed_on: date
    quantity: int
    amount: Decimal
    refunded: Decimal
    status: str
    channel: str
    ticket_type: str
    cancelled_on: date | None

    @property
    def active(self) -> bool:
        """Whether the tickets still count (not cancelled or fully refunded)."""
        return self.status not in INACTIVE_STATUSES

    @property
    def net_amount(self) -> Decimal:
        """Amount kept after refunds, never negative."""
        return max(self.amount - self.refunded, Decimal(0))

    def ended_on(self) -> date | None:
        """Day the tickets stopped counting: cancellation day, else None while active."""
        if self.active:
            return None
        return self.cancelled_on or self.placed_on


@dataclass(frozen=True)
class RefundFact:
    """A processed refund, dated by its request, with its order's dimensions."""

    day: date
    amount: Decimal
    channel: str
    ticket_type: str


def load_orders(scope: Scope, event_id: int) -> list[OrderFact]:
    """Every order of an event with the processed refunds on it."""
    refunded = (
        select(Refund.order_id, func.sum(Refund.amount).label("total"))
        .where(Refund.tenant_id == scope.tenant_id, Refund.status == "processed")
        .group_by(Refund.order_id)
        .subquery()
    )
    rows = scope.session.execute(
        select(
            Order.placed_at,
            Order.quantity,
            Order.amount,
            refunded.c.total,
            Order.status,
            Order.channel,
            TicketType.name,
            Order.cancelled_at,
        )
        .join(TicketType, TicketType.id == Order.ticket_type_id)
        .outerjoin(refunded, refunded.c.order_id == Order.id)
        .where(Order.tenant_id == scope.tenant_id, Order.event_id == event_id)
    )
    return [
        OrderFact(
            placed_on=utc_day(placed_at),
            quantity=quantity,
            amount=Decimal(amount),
            refunded=Decimal(total or 0),
            status=status,
            channel=channel,
            ticket_type=type_name,
            cancelled_on=utc_day(cancelled_at) if cancelled_at else None,
        )
        for placed_at, quantity, amount, total, status, channel, type_name, cancelled_at in rows
    ]


def load_refunds(scope: Scope, event_id: int) -> list[RefundFact]:
    """Processed refunds on an event's orders."""
    rows = scope.session.execute(
        select(Refund.requested_at, Refund.amount, Order.channel, TicketType.name)
        .join(Order, Order.id == Refund.order_id)
        .join(TicketType, TicketType.id == Order.ticket_type_id)
        .where(
            Refund.tenant_id == scope.tenant_id,
            Order.event_id == event_id,
            Refund.status == "processed",
        )
    )
    return [
        RefundFact(utc_day(at), Decimal(amount), channel, type_name)
        for at, amount, channel, type_name in rows
    ]


def load_traffic(scope: Scope, event_id: int) -> list[TrafficDaily]:
    """The event's daily web traffic rows, oldest first."""
    return list(
        scope.session.scalars(
            select(TrafficDaily)
            .where(TrafficDaily.tenant_id == scope.tenant_id, TrafficDaily.event_id == event_id)
            .order_by(TrafficDaily.day)
        )
    )


def net_ticket_moves(orders: Iterable[OrderFact]) -> list[tuple[date, float]]:
    """Tickets sold (+) on placement day and given back (-) on cancellation day."""
    moves: list[tuple[date, float]] = []
    for order in orders:
        moves.append((order.placed_on, float(order.quantity)))
        ended = order.ended_on()
        if ended is not None:
            moves.append((ended, -float(order.quantity)))
    return moves


def net_revenue_moves(
    orders: Iterable[OrderFact], refunds: Iterable[RefundFact]
) -> list[tuple[date, float]]:
    """Money booked (+) on placement day and refunded (-) on the refund's day."""
    moves = [(order.placed_on, float(order.amount)) for order in orders]
    moves.extend((refund.day, -float(refund.amount)) for refund in refunds)
    return moves
