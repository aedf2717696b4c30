"""Campaign performance from daily metrics, judged by seed 000's optimisation thresholds.

Email rates are per delivered email (opens, clicks and conversions over delivered);
social and paid campaigns have no deliveries, so their click rate is per impression,
their engagement rate per impression and their conversion rate per click.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select

from domain.models import Campaign, CampaignDailyMetric, Event
from domain.scope import Scope

OPEN_RATE_MIN = 0.25
"""Below this open rate: A/B test new subject lines (seed 000)."""
CLICK_RATE_MIN = 0.03
"""Below this click rate: write a new call to action (seed 000)."""
CONVERSION_RATE_SCALE = 0.05
"""Above this conversion rate: scale the budget 1.5x (seed 000)."""
SOCIAL_ENGAGEMENT_MIN = 0.08
"""Social engagement success criterion (seed 000)."""


@dataclass(frozen=True)
class CampaignPerformance:
    """One campaign's totals to date, its rates and the thresholds it trips."""

    campaign_id: int
    name: str
    channel: str
    status: str
    budget: Decimal
    spend: Decimal
    days: int
    delivered: int
    impressions: int
    opens: int
    clicks: int
    engagements: int
    conversions: int
    revenue: Decimal
    open_rate: float | None
    click_rate: float | None
    conversion_rate: float | None
    engagement_rate: float | None
    flags: list[str] = field(default_factory=list)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def campaign_performance(scope: Scope, event: Event) -> list[CampaignPerformance]:
    """Every campaign of an event with its rates and threshold flags."""
    m = CampaignDailyMetric
    rows = scope.session.execute(
        select(
            Campaign,
            func.count(m.id),
            *(func.coalesce(func.sum(c), 0) for c in (m.delivered, m.impressions, m.opens)),
            *(func.coalesce(func.sum(c), 0) for c in (m.clicks, m.engagements, m.conversions)),
            func.coalesce(func.sum(m.spend), 0),
            func.coalesce(func.sum(m.revenue), 0),
        )
        .outerjoin(m, (m.campaign_id == Campaign.id) & (m.day < scope.today))
        .where(Campaign.tenant_id == scope.tenant_id, Campaign.event_id == event.id)
        .group_by(Campaign.id)
        .order_by(Campaign.id)
    )
    result = []
    for campaign, days, delivered, impressions, opens, clicks, engaged, conv, spend, rev in rows:
        email = campaign.channel == "email"
        perf = CampaignPerformance(
            campaign_id=campaign.id,
            name=campaign.name,
            channel=campaign.channel,
            status=campaign.status,
            budget=Decimal(campaign.budget),
            spend=Decimal(spend),
            days=int(days),
            delivered=int(delivered),
            impressions=int(impressions),
            opens=int(opens),
            clicks=int(clicks),
            engagements=int(engaged),
            conversions=int(conv),
            revenue=Decimal(rev),
            open_rate=_rate(opens, delivered) if email else None,
            click_rate=_rate(clicks, delivered if email else impressions),
            conversion_rate=_rate(conv, delivered if email else clicks),
            engagement_rate=None if email else _rate(engaged, impressions),
        )
        perf.flags.extend(_flags(perf))
        result.append(perf)
    return result


def _flags(perf: CampaignPerformance) -> list[str]:
    flags = []
    if perf.open_rate is not None and perf.open_rate < OPEN_RATE_MIN:
        flags.append("low_open_rate")
    email = perf.channel == "email"
    if email and perf.click_rate is not None and perf.click_rate < CLICK_RATE_MIN:
        flags.append("low_click_rate")
    if perf.engagement_rate is not None and perf.engagement_rate < SOCIAL_ENGAGEMENT_MIN:
        flags.append("low_engagement_rate")
    if perf.conversion_rate is not None and perf.conversion_rate > CONVERSION_RATE_SCALE:
        flags.append("high_conversion_rate")
    if perf.budget and perf.spend > perf.budget:
        flags.append("over_budget")
    return flags
