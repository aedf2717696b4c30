"""Demo campaigns: daily metrics, per-recipient sends and their content.

Four campaigns with distinct health: an under-performing email push (open < 25%,
click < 3%), a high-converting retargeting email (conversion > 5%), a healthy
newsletter and a social campaign. Rates below are of delivered emails.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import numpy as np
from sqlalchemy import insert
from sqlalchemy.orm import Session

from domain.demo import anchors
from domain.models import (
    Campaign,
    CampaignDailyMetric,
    CampaignSend,
    Contact,
    ContentItem,
    Event,
)


@dataclass(frozen=True)
class CampaignPlan:
    name: str
    channel: str
    start_days_ago: int
    daily_volume: int
    open_rate: float
    click_rate: float
    conversion_rate: float  # conversions per delivered
    budget: int


PLANS = (
    CampaignPlan(anchors.UNDERPERFORMING_CAMPAIGN, "email", 60, 2200, 0.18, 0.016, 0.0006, 12000),
    CampaignPlan(anchors.HIGH_CONVERTING_CAMPAIGN, "email", 30, 250, 0.44, 0.095, 0.058, 15000),
    CampaignPlan("Agenda launch newsletter", "email", 45, 1500, 0.33, 0.056, 0.004, 8000),
    CampaignPlan("LinkedIn community buzz", "social", 50, 0, 0.0, 0.0, 0.0, 20000),
)
# Hours (UTC) when recipients open, weighted toward mid-morning Tuesday to Thursday.
OPEN_HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 7, 10, 12, 11, 9, 7, 6, 6, 6, 5, 4, 3, 3, 2, 2, 1, 1]
OPEN_DAY_WEIGHTS = [8, 12, 11, 10, 7, 3, 3]


def build_campaigns(
    session: Session, tenant_id: str, event: Event, snapshot: date
) -> list[Campaign]:
    """The four campaigns of the upcoming event."""
    campaigns = [
        Campaign(
            tenant_id=tenant_id,
            event_id=event.id,
            name=plan.name,
            channel=plan.channel,
            status="active",
            starts_on=snapshot - timedelta(days=plan.start_days_ago),
            ends_on=event.starts_on - timedelta(days=1),
            budget=Decimal(plan.budget),
            audience={
                "segment": "past attendees and CRM contacts"
                if plan.channel == "email"
                else "LinkedIn followers"
            },
            goal="ticket sales",
        )
        for plan in PLANS
    ]
    session.add_all(campaigns)
    session.flush()
    return campaigns


def build_daily_metrics(
    session: Session,
    tenant_id: str,
    nprng: np.random.Generator,
    campaigns: list[Campaign],
    snapshot: date,
) -> int:
    """One metrics row per campaign per day up to yesterday."""
    rows = []
    for campaign, plan in zip(campaigns, PLANS, strict=True):
        day = campaign.starts_on
        while day < snapshot:
            if plan.channel == "email":
                sent = int(plan.daily_volume * nprng.uniform(0.8, 1.2))
                delivered = int(sent * nprng.uniform(0.96, 0.99))
                opens = int(nprng.binomial(delivered, plan.open_rate))
                clicks = int(nprng.binomial(delivered, plan.click_rate))
                conversions = int(nprng.binomial(delivered, plan.conversion_rate))
                impressions, engagements = 0, opens
            else:
                sent = delivered = opens = 0
                impressions = int(nprng.uniform(9000, 14000))
                engagements = int(nprng.binomial(impressions, 0.091))
                clicks = int(nprng.binomial(impressions, 0.012))
                conversions = int(nprng.binomial(max(clicks, 1), 0.035))
            spend = Decimal(plan.budget) / Decimal(plan.start_days_ago + 42)
            rows.append(
                {
                    "tenant_id": tenant_id,
                    "campaign_id": campaign.id,
                    "day": day,
                    "impressions": impressions,
                    "sent": sent,
                    "delivered": delivered,
                    "opens": opens,
                    "clicks": clicks,
                    "engagements": engagements,
                    "conversions": conversions,
                    "unsubscribes": int(nprng.binomial(delivered, 0.002)) if delivered else 0,
                    "spend": spend.quantize(Decimal("0.01")),
                    "revenue": Decimal(conversions * 349),
                }
            )
            day += timedelta(days=1)
    session.execute(insert(CampaignDailyMetric), rows)
    return len(rows)


def build_sends(
    session: Session,
    tenant_id: str,
    rng: random.Random,
    campaigns: list[Campaign],
    contacts: list[Contact],
    snapshot: date,
) -> int:
    """Per-contact sends of the email campaigns, with A/B subject variants and open times."""
    rows = []
    mailable = [c for c in contacts if not c.opted_out and c.email_status != "bounced"]
    for campaign, plan in zip(campaigns, PLANS, strict=True):
        if plan.channel != "email":
            continue
        recipients = rng.sample(mailable, k=min(360, len(mailable)))
        for index, contact in enumerate(recipients):
            variant = "A" if index % 2 == 0 else "B"
            lift = 1.25 if variant == "B" else 1.0
            sent_day = campaign.starts_on + timedelta(days=rng.randint(0, 6))
            sent_at = datetime.combine(sent_day, time(rng.choice((8, 10, 14, 17))), tzinfo=UTC)
            opened_at = clicked_at = None
            converted = False
            if rng.random() < min(plan.open_rate * lift * 1.1, 0.95):
                open_day = _next_weekday(sent_day, rng.choices(range(7), OPEN_DAY_WEIGHTS)[0])
                opened_at = datetime.combine(
                    open_day,
                    time(rng.choices(range(24), OPEN_HOUR_WEIGHTS)[0], rng.randint(0, 59)),
                    tzinfo=UTC,
                )
                if rng.random() < plan.click_rate / max(plan.open_rate, 1e-6) * lift:
                    clicked_at = opened_at + timedelta(minutes=rng.randint(1, 30))
                    converted = rng.random() < plan.conversion_rate / plan.click_rate
            rows.append(
                {
                    "tenant_id": tenant_id,
                    "campaign_id": campaign.id,
                    "contact_id": contact.id,
                    "variant": variant,
                    "subject": f"{campaign.name}: "
                    + (
                        "save your seat" if variant == "A" else "6 weeks to go — see who's speaking"
                    ),
                    "sent_at": sent_at,
                    "opened_at": opened_at,
                    "clicked_at": clicked_at,
                    "converted": converted,
                    "unsubscribed": rng.random() < 0.003,
                }
            )
    session.execute(insert(CampaignSend), rows)
    return len(rows)


def _next_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def build_content(session: Session, tenant_id: str, campaigns: list[Campaign], event: Event) -> int:
    """The copy each campaign already uses."""
    items = []
    for campaign in campaigns:
        kind = "email" if campaign.channel == "email" else "social"
        items.append(
            ContentItem(
                tenant_id=tenant_id,
                campaign_id=campaign.id,
                kind=kind,
                title=f"{campaign.name} — main message",
                body=f"Join us at {event.name} in {event.city} on {event.starts_on:%d %B}. "
                "Two days of talks on generative AI, MLOps and data engineering.",
                variant="A",
                status="published",
                created_by="human",
                created_at=datetime.combine(campaign.starts_on, time(9), tzinfo=UTC),
            )
        )
    session.add_all(items)
    return len(items)
