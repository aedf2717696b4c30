"""identify_anomalies: robust z-scores over an event's daily series."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from domain.analytics.anomalies import detect_anomalies
from domain.analytics.series import WEEKLY_PATTERN, DailySeries, days_between, load_daily
from domain.errors import InvalidArgumentError
from domain.lookups import resolve_event
from domain.scope import Scope

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def identify_anomalies(
    scope: Scope,
    event_id: int | None = None,
    *,
    series: Sequence[DailySeries] | None = None,
    lookback_days: int = 60,
    window: int = 14,
    threshold: float = 3.5,
) -> dict[str, Any]:
    """Find days in the last ``lookback_days`` that break from their trailing baseline.

    Each day is scored against the median and MAD of the ``window`` days before it;
    sales and traffic are weekday-adjusted first. Selling days up to yesterday are
    scanned (today is still under way; sales stop when the event starts).

    Args:
        scope: tenant scope.
        event_id: the event; defaults to the next upcoming one.
        series: which series to scan; all of them by default.
        lookback_days: how many recent days to report on.
        window: trailing baseline length in days.
        threshold: |robust z| that counts as an anomaly.

    Returns:
        Anomalies (newest first, then by severity) and a per-series summary.
    """
    event = resolve_event(scope, event_id)
    names = list(dict.fromkeys(series or list(DailySeries)))
    last_day = min(scope.today, event.starts_on) - timedelta(days=1)
    first_reported = last_day - timedelta(days=lookback_days - 1)
    start = max(event.sales_open_on, first_reported - timedelta(days=window))
    if start > last_day:
        raise InvalidArgumentError("event_id", "the event has no sales history before today")
    days = days_between(start, last_day)
    data = load_daily(scope, event, names, days)
    anomalies: list[dict[str, Any]] = []
    summary: dict[str, Any] = {}
    for name in names:
        values = data[name]
        weekdays = [d.weekday() for d in days] if name in WEEKLY_PATTERN else None
        found = [
            a
            for a in detect_anomalies(values, weekdays=weekdays, window=window, threshold=threshold)
            if days[a.index] >= first_reported
        ]
        reported = values[[i for i, d in enumerate(days) if d >= first_reported]]
        summary[name.value] = {
            "days": int(reported.size),
            "total": round(float(reported.sum()), 2),
            "daily_mean": round(float(reported.mean()), 2) if reported.size else 0.0,
            "anomalies": len(found),
            "weekday_adjusted": weekdays is not None,
        }
        anomalies.extend(
            {
                "date": days[a.index],
                "series": name.value,
                "value": a.value,
                "expected": round(a.expected, 2),
                "z": round(a.z, 2),
                "direction": a.direction,
                "severity": a.severity,
            }
            for a in found
        )
    anomalies.sort(key=lambda a: (SEVERITY_RANK[a["severity"]], -abs(a["z"])))
    anomalies.sort(key=lambda a: a["date"], reverse=True)
    return {
        "event_id": event.id,
        "event": event.name,
        "from": max(first_reported, event.sales_open_on),
        "to": last_day,
        "method": f"robust z-score vs trailing {window}-day median/MAD "
        f"(weekday-adjusted for sales and traffic), |z| >= {threshold}",
        "anomalies": anomalies,
        "series": summary,
    }
