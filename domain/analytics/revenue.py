"""analyze_revenue: revenue to date, its breakdowns and trend, and the projected final."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from typing import Any

from domain.analytics.curves import forecast_edition
from domain.analytics.facts import OrderFact, RefundFact, load_orders, load_refunds
from domain.analytics.series import days_between, dense
from domain.lookups import resolve_event
from domain.scope import Scope

CENT = Decimal("0.01")


def analyze_revenue(
    scope: Scope, event_id: int | None = None, *, trend_days: int = 28
) -> dict[str, Any]:
    """Revenue of an event up to yesterday, net of refunds, and where it is heading.

    Args:
        scope: tenant scope; days before ``scope.today`` count.
        event_id: the event; defaults to the next upcoming one.
        trend_days: how many recent days the daily trend lists.

    Returns:
        Gross, refunded and net revenue; net by ticket type and channel; the daily
        trend; the projected final with its 80% interval against the revenue target;
        average order value and refund rate.
    """
    event = resolve_event(scope, event_id)
    orders = [o for o in load_orders(scope, event.id) if o.placed_on < scope.today]
    refunds = [r for r in load_refunds(scope, event.id) if r.day < scope.today]
    gross = sum((o.amount for o in orders), Decimal(0))
    refunded = sum((r.amount for r in refunds), Decimal(0))
    net = gross - refunded
    kept = [o for o in orders if o.active]
    projection = forecast_edition(scope, event, as_of=scope.today, measure="revenue").forecast
    target = Decimal(event.revenue_target)
    return {
        "event_id": event.id,
        "event": event.name,
        "as_of": scope.today,
        "currency": "USD",
        "gross_bookings": gross,
        "refunded": refunded,
        "net_revenue": net,
        "revenue_target": target,
        "pct_of_target": _pct(net, target),
        "to_target": max(target - net, Decimal(0)),
        "orders": len(orders),
        "paying_orders": len(kept),
        "average_order_value": _ratio(sum((o.net_amount for o in kept), Decimal(0)), len(kept)),
        "refund_rate_pct": _pct(refunded, gross),
        "orders_refunded_pct": _pct(Decimal(sum(o.refunded > 0 for o in orders)), len(orders)),
        "by_ticket_type": _breakdown(orders, refunds, "ticket_type"),
        "by_channel": _breakdown(orders, refunds, "channel"),
        "daily_trend": _trend(scope, orders, refunds, trend_days),
        "projection": {
            "point": round(projection.point, 2),
            "low": round(projection.low, 2),
            "high": round(projection.high, 2),
            "interval": "80%",
            "method": projection.method,
            "vs_target_pct": _pct(Decimal(str(round(projection.point, 2))) - target, target),
            "probability_reach_target": round(projection.probability_at_least(float(target)), 3),
        },
    }


def _pct(part: Decimal, whole: Decimal | int) -> float | None:
    return round(float(part) * 100 / float(whole), 2) if whole else None


def _ratio(total: Decimal, count: int) -> Decimal:
    return (total / count).quantize(CENT) if count else Decimal(0)


def _breakdown(
    orders: list[OrderFact], refunds: list[RefundFact], dimension: str
) -> list[dict[str, Any]]:
    gross: defaultdict[str, Decimal] = defaultdict(Decimal)
    tickets: defaultdict[str, int] = defaultdict(int)
    refunded: defaultdict[str, Decimal] = defaultdict(Decimal)
    for order in orders:
        key = getattr(order, dimension)
        gross[key] += order.amount
        tickets[key] += order.quantity if order.active else 0
    for refund in refunds:
        refunded[getattr(refund, dimension)] += refund.amount
    rows = [
        {
            dimension: key,
            "net_revenue": gross[key] - refunded[key],
            "refunded": refunded[key],
            "tickets": tickets[key],
        }
        for key in gross
    ]
    return sorted(rows, key=lambda r: r["net_revenue"], reverse=True)


def _trend(
    scope: Scope, orders: list[OrderFact], refunds: list[RefundFact], days: int
) -> list[dict[str, Any]]:
    grid = days_between(scope.today - timedelta(days=days), scope.today - timedelta(days=1))
    booked = dense(((o.placed_on, float(o.amount)) for o in orders), grid)
    returned = dense(((r.day, float(r.amount)) for r in refunds), grid)
    return [
        {"date": day, "gross": round(b, 2), "refunds": round(r, 2), "net": round(b - r, 2)}
        for day, b, r in zip(grid, booked.tolist(), returned.tolist(), strict=True)
    ]
