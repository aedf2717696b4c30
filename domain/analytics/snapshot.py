"""Every analysis of one event, computed once, for recommendations and reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.analytics.attendance import attendance_summary
from domain.analytics.audience import demographics, sponsorship
from domain.analytics.campaigns import CampaignPerformance, campaign_performance
from domain.analytics.curves import forecast_edition
from domain.analytics.detection import identify_anomalies
from domain.analytics.operations_status import operations_status
from domain.analytics.revenue import analyze_revenue
from domain.lookups import resolve_event
from domain.models import Event
from domain.scope import Scope

ANOMALY_LOOKBACK_DAYS = 30
"""Recommendations and reports act on anomalies of the last month only."""


@dataclass(frozen=True)
class EventSnapshot:
    """The analyses of one event as of ``scope.today``."""

    event: Event
    attendance: dict[str, Any]
    revenue: dict[str, Any]
    anomalies: dict[str, Any]
    campaigns: list[CampaignPerformance]
    operations: dict[str, Any]
    audience: dict[str, Any]
    sponsorship: dict[str, Any]


def take_snapshot(scope: Scope, event_id: int | None = None) -> EventSnapshot:
    """Run every analysis for an event (the next upcoming one by default)."""
    event = resolve_event(scope, event_id)
    has_history = event.sales_open_on < scope.today
    anomalies: dict[str, Any] = {"anomalies": [], "series": {}}
    if has_history:
        anomalies = identify_anomalies(scope, event.id, lookback_days=ANOMALY_LOOKBACK_DAYS)
    return EventSnapshot(
        event=event,
        attendance=attendance_summary(forecast_edition(scope, event, as_of=scope.today)),
        revenue=analyze_revenue(scope, event.id),
        anomalies=anomalies,
        campaigns=campaign_performance(scope, event),
        operations=operations_status(scope, event),
        audience=demographics(scope, event),
        sponsorship=sponsorship(scope, event),
    )
