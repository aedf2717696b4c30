"""Campaign performance: totals, rates, 7-day trend, seed criteria and recommendations."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from domain.lookups import resolve_event
from domain.marketing import thresholds
from domain.marketing.campaigns import (
    campaign_summary,
    daily_metrics,
    event_campaigns,
    get_campaign,
)
from domain.marketing.rates import RATE_NAMES, Totals
from domain.models import Campaign, CampaignDailyMetric
from domain.scope import Scope

TREND_DAYS = 7


def analyze_campaign(scope: Scope, campaign_id: int) -> dict[str, Any]:
    """Analyse one campaign over all its daily metrics up to yesterday.

    Returns:
        campaign, days covered, counters, rates (definitions in ``domain.marketing.rates``),
        economics (spend, revenue, CPA, ROAS), trend (last 7 days vs the 7 before, ending
        on the campaign's last metric day or yesterday, whichever is earlier), the seed's
        success criteria with met/unmet, and the optimisations the seed's rules trigger.
    """
    campaign = get_campaign(scope, campaign_id)
    rows = daily_metrics(scope, campaign.id, end=scope.today - timedelta(days=1))
    totals = Totals.from_metrics(rows)
    return {
        "campaign": campaign_summary(campaign),
        "days": {
            "count": len(rows),
            "first": rows[0].day if rows else None,
            "last": rows[-1].day if rows else None,
        },
        "totals": totals.counts(),
        "rates": totals.rates(),
        "economics": totals.economics(),
        "trend": trend(rows, scope.today),
        "success_criteria": thresholds.success_check(totals),
        "recommendations": thresholds.recommendations(campaign.id, campaign.budget, totals),
    }


def trend(rows: list[CampaignDailyMetric], today: date) -> dict[str, Any]:
    """Rates of the last 7 metric days vs the 7 before, with the change in points."""
    if not rows:
        return {"last_7d": None, "previous_7d": None, "change": {}}
    end = min(today - timedelta(days=1), rows[-1].day)
    split = end - timedelta(days=TREND_DAYS)
    start = split - timedelta(days=TREND_DAYS)
    recent = Totals.from_metrics(r for r in rows if split < r.day <= end).rates()
    before = Totals.from_metrics(r for r in rows if start < r.day <= split).rates()
    change: dict[str, dict[str, Any]] = {}
    for name in RATE_NAMES:
        now, then = recent[name], before[name]
        if now is None or then is None:
            continue
        delta = now - then
        direction = "up" if delta > 0.0005 else "down" if delta < -0.0005 else "flat"
        change[name] = {"points": round(delta * 100, 2), "direction": direction}
    return {
        "window": {
            "last_7d": [split + timedelta(days=1), end],
            "previous_7d": [start + timedelta(days=1), split],
        },
        "last_7d": recent,
        "previous_7d": before,
        "change": change,
    }


def monitor_metrics(
    scope: Scope, *, event_id: int | None = None, campaign_id: int | None = None, days: int = 7
) -> dict[str, Any]:
    """Key rates of active campaigns over the last ``days`` days, with alerts and actions.

    One campaign when ``campaign_id`` is given (whatever its status), else every active
    campaign of the event. The window ends yesterday (today's metrics are partial).
    """
    if campaign_id is not None:
        campaigns: list[Campaign] = [get_campaign(scope, campaign_id)]
        event = resolve_event(scope, campaigns[0].event_id)
    else:
        event = resolve_event(scope, event_id)
        campaigns = event_campaigns(scope, event.id, active_only=True)
    end = scope.today - timedelta(days=1)
    start = end - timedelta(days=days - 1)
    reports: list[dict[str, Any]] = []
    for campaign in campaigns:
        totals = Totals.from_metrics(daily_metrics(scope, campaign.id, start, end))
        alerts = thresholds.alerts(totals)
        reports.append(
            {
                "campaign": campaign_summary(campaign),
                "totals": totals.counts(),
                "rates": totals.rates(),
                "economics": totals.economics(),
                "success_criteria": thresholds.success_check(totals),
                "alerts": alerts,
                "recommendations": thresholds.recommendations(campaign.id, campaign.budget, totals),
            }
        )
    severities = [a["severity"] for r in reports for a in r["alerts"]]
    return {
        "event": {"id": event.id, "name": event.name},
        "window": {"start": start, "end": end, "days": days},
        "campaigns": reports,
        "alert_counts": {s: severities.count(s) for s in ("critical", "warning", "info")},
    }
