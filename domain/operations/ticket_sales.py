"""Ticket sales against target and against last year at the same point.

Tickets are the quantities of paid and partially refunded orders; cancelled and
refunded orders do not count. The projection here is deliberately simple (current
plus 7-day velocity times days left): the analytics department owns the forecast.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import select

from domain.models import Event, Order
from domain.operations.severity import sales_gap_severity
from domain.scope import Scope

COUNTED_STATUSES = ("paid", "partially_refunded")
VELOCITY_WINDOW_DAYS = 7


def daily_tickets(scope: Scope, event: Event) -> dict[date, int]:
    """Tickets sold per day (UTC) for an event, counting only orders still valid."""
    rows = scope.session.execute(
        select(Order.placed_at, Order.quantity).where(
            Order.tenant_id == scope.tenant_id,
            Order.event_id == event.id,
            Order.status.in_(COUNTED_STATUSES),
        )
    )
    per_day: dict[date, int] = {}
    for placed_at, quantity in rows:
        day = _utc_day(placed_at)
        per_day[day] = per_day.get(day, 0) + int(quantity)
    return per_day


def _utc_day(moment: datetime) -> date:
    return (moment.astimezone(UTC) if moment.tzinfo else moment).date()


def sold_through(per_day: dict[date, int], last_day: date) -> int:
    """Tickets sold on or before ``last_day``."""
    return sum(n for day, n in per_day.items() if day <= last_day)


def monitor_ticket_sales(scope: Scope, event: Event) -> dict[str, Any]:
    """Where ticket sales stand and whether they are on pace for the target.

    Target pace follows the past edition's curve when there is one (the share of its
    final sales it had at the same days-before-event), otherwise a straight line from
    sales opening to the event. Severity follows seed 000: 40%+ behind pace with
    under 30 days to go is critical.

    Returns:
        sold, target, expected by now, gap %, 7-day velocity, required velocity,
        simple projection, the past edition comparison and a severity.
    """
    days_left = max(0, (event.starts_on - scope.today).days)
    per_day = daily_tickets(scope, event)
    sold = sold_through(per_day, scope.today)
    window = [scope.today - timedelta(days=d) for d in range(1, VELOCITY_WINDOW_DAYS + 1)]
    velocity = float(np.mean([per_day.get(day, 0) for day in window]))
    past = _past_edition(scope, event, days_left)
    if past is not None and past["final_tickets"] > 0:
        share = past["tickets_same_point"] / past["final_tickets"]
        pace_method = "past_edition_curve"
    else:
        share = _linear_share(event, scope.today)
        pace_method = "linear"
    expected = event.ticket_target * share
    gap_pct = (sold - expected) / expected * 100 if expected > 0 else 0.0
    projected = sold + velocity * days_left
    if past is not None:
        base = past["tickets_same_point"]
        past["sold_vs_past_pct"] = round((sold - base) / base * 100, 2) if base else None
    remaining = max(0, event.ticket_target - sold)
    return {
        "event": {"id": event.id, "name": event.name, "starts_on": event.starts_on},
        "days_to_event": days_left,
        "tickets_sold": sold,
        "ticket_target": event.ticket_target,
        "pct_of_target": round(sold / event.ticket_target * 100, 2) if event.ticket_target else 0,
        "expected_by_now": round(expected, 1),
        "pace_method": pace_method,
        "gap_pct": round(gap_pct, 2),
        "velocity_7d": round(velocity, 2),
        "required_velocity": round(remaining / days_left, 2) if days_left else float(remaining),
        "projected_final": round(projected),
        "projected_vs_target_pct": round(
            (projected - event.ticket_target) / event.ticket_target * 100, 2
        )
        if event.ticket_target
        else 0.0,
        "projection_method": "current + 7-day velocity × days left (analytics owns the forecast)",
        "past_edition": past,
        "severity": sales_gap_severity(gap_pct, days_left),
    }


def _past_edition(scope: Scope, event: Event, days_left: int) -> dict[str, Any] | None:
    if event.previous_edition_id is None:
        return None
    past = scope.session.get(Event, event.previous_edition_id)
    if past is None or past.tenant_id != scope.tenant_id:
        return None
    per_day = daily_tickets(scope, past)
    same_point = past.starts_on - timedelta(days=days_left)
    at_point = sold_through(per_day, same_point)
    return {
        "id": past.id,
        "name": past.name,
        "same_point_date": same_point,
        "tickets_same_point": at_point,
        "final_tickets": sum(per_day.values()),
        "ticket_target": past.ticket_target,
    }


def _linear_share(event: Event, today: date) -> float:
    total = (event.starts_on - event.sales_open_on).days
    if total <= 0:
        return 1.0
    elapsed = (today - event.sales_open_on).days
    return min(1.0, max(0.0, elapsed / total))
