"""Loading a campaign's daily metrics and sends, tenant-scoped."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from domain.errors import InvalidArgumentError
from domain.lookups import get_owned
from domain.models import Campaign, CampaignDailyMetric, CampaignSend
from domain.scope import Scope


def get_campaign(scope: Scope, campaign_id: int, *, channel: str | None = None) -> Campaign:
    """The tenant's campaign, optionally required to be on ``channel``.

    Raises:
        NotFoundError: no such campaign for this tenant (argument ``campaign_id``).
        InvalidArgumentError: the campaign is on another channel.
    """
    campaign = get_owned(scope, Campaign, campaign_id, argument="campaign_id")
    if channel is not None and campaign.channel != channel:
        raise InvalidArgumentError(
            "campaign_id", f"campaign {campaign_id} is a {campaign.channel} campaign, not {channel}"
        )
    return campaign


def daily_metrics(
    scope: Scope, campaign_id: int, start: date | None = None, end: date | None = None
) -> list[CampaignDailyMetric]:
    """A campaign's daily metric rows between ``start`` and ``end`` inclusive, oldest first."""
    query = select(CampaignDailyMetric).where(
        CampaignDailyMetric.tenant_id == scope.tenant_id,
        CampaignDailyMetric.campaign_id == campaign_id,
    )
    if start is not None:
        query = query.where(CampaignDailyMetric.day >= start)
    if end is not None:
        query = query.where(CampaignDailyMetric.day <= end)
    return list(scope.session.scalars(query.order_by(CampaignDailyMetric.day)))


def sends(scope: Scope, campaign_ids: list[int]) -> list[CampaignSend]:
    """Every per-recipient send of the given campaigns, in id order."""
    if not campaign_ids:
        return []
    return list(
        scope.session.scalars(
            select(CampaignSend)
            .where(
                CampaignSend.tenant_id == scope.tenant_id,
                CampaignSend.campaign_id.in_(campaign_ids),
            )
            .order_by(CampaignSend.id)
        )
    )


def event_campaigns(scope: Scope, event_id: int, *, active_only: bool = False) -> list[Campaign]:
    """An event's campaigns in id order; ``active_only`` keeps status 'active' ones."""
    query = select(Campaign).where(
        Campaign.tenant_id == scope.tenant_id, Campaign.event_id == event_id
    )
    if active_only:
        query = query.where(Campaign.status == "active")
    return list(scope.session.scalars(query.order_by(Campaign.id)))


def campaign_summary(campaign: Campaign) -> dict[str, object]:
    """The identifying fields of a campaign for a report."""
    return {
        "id": campaign.id,
        "name": campaign.name,
        "channel": campaign.channel,
        "status": campaign.status,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "budget": campaign.budget,
        "goal": campaign.goal,
    }
