"""Daily calendar series of an event's activity, for anomaly detection and trends."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from enum import StrEnum

import numpy as np

from domain.analytics.facts import OrderFact, load_orders, load_refunds, load_traffic
from domain.analytics.forecast import FloatArray
from domain.models import Event
from domain.scope import Scope


class DailySeries(StrEnum):
    """Series identify_anomalies can scan."""

    TICKETS_SOLD = "tickets_sold"
    ORDERS = "orders"
    CANCELLATIONS = "cancellations"
    REFUNDS = "refunds"
    TRAFFIC_SESSIONS = "traffic_sessions"
    CHECKOUT_STARTS = "checkout_starts"


WEEKLY_PATTERN = frozenset(
    {
        DailySeries.TICKETS_SOLD,
        DailySeries.ORDERS,
        DailySeries.TRAFFIC_SESSIONS,
        DailySeries.CHECKOUT_STARTS,
    }
)
"""Series with a weekday rhythm (people buy and browse less at weekends)."""


def days_between(start: date, end: date) -> list[date]:
    """Every day from ``start`` to ``end`` inclusive."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def dense(points: Iterable[tuple[date, float]], days: list[date]) -> FloatArray:
    """Sum dated values onto a dense day grid (values outside it are dropped)."""
    position = {day: i for i, day in enumerate(days)}
    values = np.zeros(len(days))
    for day, value in points:
        i = position.get(day)
        if i is not None:
            values[i] += value
    return values


def _order_points(
    orders: list[OrderFact], pick: Callable[[OrderFact], tuple[date, float] | None]
) -> list[tuple[date, float]]:
    return [p for p in (pick(o) for o in orders) if p is not None]


def load_daily(
    scope: Scope, event: Event, names: Iterable[DailySeries], days: list[date]
) -> dict[DailySeries, FloatArray]:
    """The requested series on a dense day grid, loading each table at most once."""
    wanted = list(names)
    result: dict[DailySeries, FloatArray] = {}
    if {DailySeries.TICKETS_SOLD, DailySeries.ORDERS, DailySeries.CANCELLATIONS} & set(wanted):
        orders = load_orders(scope, event.id)
        pickers: dict[DailySeries, Callable[[OrderFact], tuple[date, float] | None]] = {
            DailySeries.TICKETS_SOLD: lambda o: (o.placed_on, float(o.quantity)),
            DailySeries.ORDERS: lambda o: (o.placed_on, 1.0),
            DailySeries.CANCELLATIONS: lambda o: (o.cancelled_on, 1.0) if o.cancelled_on else None,
        }
        for name, pick in pickers.items():
            if name in wanted:
                result[name] = dense(_order_points(orders, pick), days)
    if DailySeries.REFUNDS in wanted:
        result[DailySeries.REFUNDS] = dense(
            ((r.day, 1.0) for r in load_refunds(scope, event.id)), days
        )
    if {DailySeries.TRAFFIC_SESSIONS, DailySeries.CHECKOUT_STARTS} & set(wanted):
        traffic = load_traffic(scope, event.id)
        if DailySeries.TRAFFIC_SESSIONS in wanted:
            result[DailySeries.TRAFFIC_SESSIONS] = dense(
                ((t.day, float(t.sessions)) for t in traffic), days
            )
        if DailySeries.CHECKOUT_STARTS in wanted:
            result[DailySeries.CHECKOUT_STARTS] = dense(
                ((t.day, float(t.checkout_starts)) for t in traffic), days
            )
    return {name: result[name] for name in wanted}
