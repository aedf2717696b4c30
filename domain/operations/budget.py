"""Budget tracking: planned versus actual and committed spend, per line and in total."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from domain.models import BudgetLine, Event
from domain.operations.severity import Severity, budget_line_severity, worst
from domain.scope import Scope

SPENT_ALERT_PCT = 90.0
SPENT_ALERT_MIN_DAYS = 30


def pct_over(value: Decimal, plan: Decimal) -> float:
    """How far ``value`` is above ``plan`` in percent (negative when under)."""
    if plan <= 0:
        return 0.0 if value <= 0 else 100.0
    return float((value - plan) / plan * 100)


def track_budget(scope: Scope, event: Event) -> dict[str, Any]:
    """Budget lines with variance, overruns and the seed's spend-rate alert.

    A line more than 10% over plan on actual spend is critical (seed 000); more than
    10% over once committed spend is added is high. The event-level alert fires when
    over 90% of the budget is spent with more than 30 days to go.

    Returns:
        ``lines`` (most severe first), ``overruns`` (lines over plan by > 10%),
        ``totals`` (planned, actual, committed, budget, spent %), ``alerts`` and
        ``severity`` (the worst of all).
    """
    rows = scope.session.scalars(
        select(BudgetLine)
        .where(BudgetLine.tenant_id == scope.tenant_id, BudgetLine.event_id == event.id)
        .order_by(BudgetLine.id)
    )
    lines = [_line(b) for b in rows]
    lines.sort(key=lambda line: (-line["severity"].rank, -line["variance_pct"]))
    planned = sum((line["planned"] for line in lines), Decimal(0))
    actual = sum((line["actual"] for line in lines), Decimal(0))
    committed = sum((line["committed"] for line in lines), Decimal(0))
    budget = event.budget_total if event.budget_total > 0 else planned
    spent_pct = float(actual / budget * 100) if budget > 0 else 0.0
    days_left = (event.starts_on - scope.today).days
    alerts = [
        f"{line['category']} is {line['variance_pct']:.1f}% over plan"
        for line in lines
        if line["severity"] is Severity.CRITICAL
    ]
    spend_alert = spent_pct > SPENT_ALERT_PCT and days_left > SPENT_ALERT_MIN_DAYS
    if spend_alert:
        alerts.append(f"{spent_pct:.1f}% of the budget spent with {days_left} days to go")
    levels = [line["severity"] for line in lines] + ([Severity.HIGH] if spend_alert else [])
    return {
        "event": {"id": event.id, "name": event.name, "starts_on": event.starts_on},
        "days_to_event": days_left,
        "totals": {
            "budget_total": budget,
            "planned": planned,
            "actual": actual,
            "committed": committed,
            "remaining": budget - actual - committed,
            "spent_pct": round(spent_pct, 2),
            "spent_with_committed_pct": round(float((actual + committed) / budget * 100), 2)
            if budget > 0
            else 0.0,
        },
        "spend_rate_alert": spend_alert,
        "overruns": [line for line in lines if line["variance_pct"] > 10],
        "alerts": alerts,
        "severity": worst(levels),
        "lines": lines,
    }


def _line(line: BudgetLine) -> dict[str, Any]:
    variance = pct_over(line.actual, line.planned)
    with_committed = pct_over(line.actual + line.committed, line.planned)
    return {
        "budget_line_id": line.id,
        "category": line.category,
        "planned": line.planned,
        "actual": line.actual,
        "committed": line.committed,
        "variance": line.actual - line.planned,
        "remaining": max(line.planned - line.actual - line.committed, 0),
        "variance_pct": round(variance, 2),
        "committed_variance_pct": round(with_committed, 2),
        "severity": budget_line_severity(variance, with_committed),
        "notes": line.notes,
    }
