"""query_database: aggregate one allow-listed metric, optionally grouped and date-bounded."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from domain.analytics.metric_facts import Fact
from domain.analytics.metrics import METRICS, TIME, GroupBy, Metric
from domain.errors import InvalidArgumentError
from domain.lookups import resolve_event
from domain.scope import Scope

MAX_RANGE_DAYS = 731
"""Longest date range a query may span (two years)."""


def check_date_range(scope: Scope, date_from: date | None, date_to: date | None) -> None:
    """Reject reversed, future-starting or over-long ranges, naming the argument."""
    if date_from is not None and date_from > scope.today:
        raise InvalidArgumentError("date_from", f"{date_from} is after today ({scope.today})")
    if date_from is not None and date_to is not None:
        if date_to < date_from:
            raise InvalidArgumentError("date_to", f"{date_to} is before date_from {date_from}")
        if (date_to - date_from).days > MAX_RANGE_DAYS:
            raise InvalidArgumentError(
                "date_to", f"the range may span at most {MAX_RANGE_DAYS} days"
            )


def group_key(day: date | None, dims: dict[str, str], group_by: GroupBy | None) -> str:
    """The row label a fact falls under."""
    if group_by is None:
        return "total"
    if group_by in TIME:
        if day is None:
            return "undated"
        if group_by == GroupBy.WEEK:
            return (day - timedelta(days=day.weekday())).isoformat()
        if group_by == GroupBy.HALF_MONTH:
            return day.replace(day=1 if day.day <= 15 else 16).isoformat()
        return day.isoformat()[:7] if group_by == GroupBy.MONTH else day.isoformat()
    return dims.get(group_by.value, "unknown")


def query_metric(
    scope: Scope,
    metric: Metric,
    *,
    group_by: GroupBy | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    event_id: int | None = None,
    limit: int = 100,
) -> dict[str, Any]:
    """Aggregate an allow-listed metric for an event.

    Args:
        scope: tenant scope.
        metric: what to measure (see ``METRICS``).
        group_by: how to split the total; must be one the metric allows.
        date_from: first day included (inclusive).
        date_to: last day included (inclusive).
        event_id: the event; defaults to the next upcoming one.
        limit: most rows returned; time groups keep the most recent ones.

    Returns:
        Rows ``{group, value}`` plus the total, unit and whether rows were cut; for a
        metric that sums countable records (refunds) also ``count`` and ``counted``.

    Raises:
        InvalidArgumentError: grouping not allowed for the metric, or a bad date range.
    """
    spec = METRICS[metric]
    if group_by is not None and group_by not in spec.groups:
        allowed = ", ".join(sorted(g.value for g in spec.groups))
        raise InvalidArgumentError(
            "group_by", f"{metric.value} can be grouped by: {allowed} (got {group_by.value})"
        )
    check_date_range(scope, date_from, date_to)
    event = resolve_event(scope, event_id)
    facts = [f for f in spec.load(scope, event) if _in_range(f, date_from, date_to)]
    totals: defaultdict[str, float] = defaultdict(float)
    for day, dims, value in facts:
        totals[group_key(day, dims, group_by)] += value
    rows: list[dict[str, Any]] = [
        {"group": key, "value": round(value, 2)} for key, value in totals.items()
    ]
    if group_by in TIME:
        rows.sort(key=lambda r: str(r["group"]))
        kept = rows[-limit:]
    else:
        rows.sort(key=lambda r: (-float(r["value"]), str(r["group"])))
        kept = rows[:limit]
    counted = {"count": len(facts), "counted": spec.counted} if spec.counted else {}
    return {
        "metric": metric.value,
        "meaning": spec.meaning,
        "unit": spec.unit,
        "event_id": event.id,
        "event": event.name,
        "group_by": group_by.value if group_by else None,
        "date_from": date_from,
        "date_to": date_to,
        "total": round(sum(totals.values()), 2),
        "rows": kept,
        "row_count": len(rows),
        "truncated": len(kept) < len(rows),
        **counted,
    }


def _in_range(fact: Fact, date_from: date | None, date_to: date | None) -> bool:
    day = fact[0]
    if day is None:
        return True
    return (date_from is None or day >= date_from) and (date_to is None or day <= date_to)
