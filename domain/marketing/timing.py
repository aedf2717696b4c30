"""Best send time from engagement: email sends by slot, social engagement by weekday.

Email: sends are grouped by the UTC weekday and hour they were sent; a slot's open
rate is opens / sends and click rate clicks / sends. Only slots with at least
``min_sample`` sends compete; with none, hours alone and then weekdays alone are tried.
Social: the event's social campaigns' daily engagement rate picks the weekday and the
hour when email recipients open most picks the hour; without social metrics the email
result is used. Local times are given for the recipients' majority timezone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from domain.lookups import resolve_event
from domain.marketing.campaigns import daily_metrics, event_campaigns, get_campaign, sends
from domain.models import Campaign, CampaignSend, Contact
from domain.scope import Scope

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MIN_SOCIAL_IMPRESSIONS = 500


def as_utc(moment: datetime) -> datetime:
    """Aware UTC datetime (SQLite returns naive values that were stored as UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def optimize_timing(
    scope: Scope,
    *,
    campaign_id: int | None = None,
    event_id: int | None = None,
    channel: str = "email",
    min_sample: int = 30,
) -> dict[str, Any]:
    """Best weekday and hour to send (email) or post (social); see the module docstring."""
    if campaign_id is not None:
        campaigns: list[Campaign] = [get_campaign(scope, campaign_id)]
    else:
        campaigns = event_campaigns(scope, resolve_event(scope, event_id).id)
    emailed = [c.id for c in campaigns if c.channel == "email" or campaign_id is not None]
    rows = sends(scope, emailed)
    email = _email_slots(rows, min_sample)
    timezone = _majority_timezone(scope, rows)
    result: dict[str, Any] = {
        "channel": channel,
        "campaign_ids": [c.id for c in campaigns],
        "sends_analysed": len(rows),
        "min_sample": min_sample,
        "majority_timezone": timezone,
        **email,
    }
    if channel == "social":
        result.update(_social(scope, campaigns, email))
    if result["best"] is not None:
        result["best"]["local"] = _local(result["best"], timezone, scope.now)
    return result


def next_slot(weekday: int, hour: int, after: datetime) -> datetime:
    """The first UTC datetime on ``weekday`` at ``hour``:00 strictly after ``after``."""
    start = as_utc(after)
    candidate = start.replace(hour=hour, minute=0, second=0, microsecond=0)
    candidate += timedelta(days=(weekday - candidate.weekday()) % 7)
    return candidate if candidate > start else candidate + timedelta(days=7)


def _email_slots(rows: list[CampaignSend], min_sample: int) -> dict[str, Any]:
    stats: dict[tuple[int | None, int | None], list[int]] = defaultdict(lambda: [0, 0, 0])
    open_hours: Counter[int] = Counter()
    for row in rows:
        sent = as_utc(row.sent_at)
        for key in ((sent.weekday(), sent.hour), (None, sent.hour), (sent.weekday(), None)):
            counters = stats[key]
            counters[0] += 1
            counters[1] += row.opened_at is not None
            counters[2] += row.clicked_at is not None
        if row.opened_at is not None:
            open_hours[as_utc(row.opened_at).hour] += 1
    slots = [_slot(key, *c) for key, c in stats.items()]
    best = None
    for basis in ("weekday_hour", "hour", "weekday"):
        ranked = sorted(
            (s for s in slots if s["basis"] == basis and s["sends"] >= min_sample),
            key=lambda s: (-s["open_rate"], -s["click_rate"], -s["sends"]),
        )
        if ranked:
            best = ranked[0]
            break
    top = sorted(
        (s for s in slots if s["basis"] == "weekday_hour" and s["sends"] >= min_sample),
        key=lambda s: (-s["open_rate"], -s["click_rate"], -s["sends"]),
    )[:5]
    peak = min(open_hours, key=lambda h: (-open_hours[h], h)) if open_hours else None
    return {
        "best": best,
        "top_slots": top,
        "peak_open_hour_utc": peak,
        "opens_by_hour_utc": dict(sorted(open_hours.items())),
        "source": "email_sends",
    }


def _slot(key: tuple[int | None, int | None], sent: int, opens: int, clicks: int) -> dict[str, Any]:
    weekday, hour = key
    basis = (
        "weekday_hour"
        if weekday is not None and hour is not None
        else ("hour" if weekday is None else "weekday")
    )
    return {
        "basis": basis,
        "weekday": WEEKDAYS[weekday] if weekday is not None else None,
        "weekday_index": weekday,
        "hour_utc": hour,
        "sends": sent,
        "open_rate": opens / sent,
        "click_rate": clicks / sent,
    }


def _social(scope: Scope, campaigns: list[Campaign], email: dict[str, Any]) -> dict[str, Any]:
    by_day: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for campaign in (c for c in campaigns if c.channel == "social"):
        for row in daily_metrics(scope, campaign.id, end=scope.today - timedelta(days=1)):
            by_day[row.day.weekday()][0] += row.impressions
            by_day[row.day.weekday()][1] += row.engagements
    rates = {d: e / i for d, (i, e) in by_day.items() if i >= MIN_SOCIAL_IMPRESSIONS}
    if not rates:
        return {"source": "email_engagement (no social metrics)"}
    weekday = min(rates, key=lambda d: (-rates[d], d))
    hour = email["peak_open_hour_utc"]
    if hour is None and email["best"] is not None:
        hour = email["best"]["hour_utc"]
    best = {
        "basis": "social_weekday+email_hour",
        "weekday": WEEKDAYS[weekday],
        "weekday_index": weekday,
        "hour_utc": hour if hour is not None else 14,
        "engagement_rate": rates[weekday],
    }
    return {
        "best": best,
        "source": "social_daily_metrics+email_open_hours",
        "engagement_by_weekday": {WEEKDAYS[d]: r for d, r in sorted(rates.items())},
    }


def _majority_timezone(scope: Scope, rows: list[CampaignSend]) -> str:
    ids = {r.contact_id for r in rows}
    if not ids:
        return "UTC"
    zones = Counter(
        scope.session.scalars(
            select(Contact.timezone).where(
                Contact.tenant_id == scope.tenant_id, Contact.id.in_(ids)
            )
        )
    )
    return min(zones, key=lambda z: (-zones[z], z))


def _local(best: dict[str, Any], timezone: str, now: datetime) -> dict[str, Any] | None:
    if best.get("hour_utc") is None or best.get("weekday_index") is None:
        return None
    moment = next_slot(best["weekday_index"], best["hour_utc"], now).astimezone(ZoneInfo(timezone))
    return {"timezone": timezone, "weekday": WEEKDAYS[moment.weekday()], "hour": moment.hour}
