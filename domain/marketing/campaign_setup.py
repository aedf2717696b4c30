"""Starting a new campaign: a draft Campaign record that a first send then activates.

"Start the campaign" for an event that has no campaign of that name needs a record to
send from; no budget is committed here (a new campaign starts at $0 and a person sets
its budget), so creating one is a draft, not an external action. Creating the same
campaign again (same event, name and channel) returns the existing one: a repeated
request does not pile up copies.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from domain.lookups import resolve_event
from domain.marketing.campaigns import campaign_summary
from domain.models import Campaign
from domain.scope import Scope

DEFAULT_GOAL = "ticket sales"
NEW_STATUS = "draft"
"""A created campaign's status until its first send (``email_send``) makes it active."""


def default_name(event_name: str, channel: str) -> str:
    """The name of a campaign started without one: the event and the channel."""
    return f"{event_name} {channel} campaign"


def create_campaign(
    scope: Scope,
    *,
    event_id: int | None = None,
    name: str | None = None,
    channel: str = "email",
    goal: str | None = None,
) -> dict[str, Any]:
    """A draft campaign for the event (the next upcoming one by default), or the existing
    campaign with that event, name and channel (``existing: true``).

    It runs from today until the event starts (today when the event has begun), with a
    $0 budget and every CRM contact as its audience (``segment`` 'all').

    Raises:
        NotFoundError: unknown event (``event_id``).
    """
    event = resolve_event(scope, event_id)
    title = (name or "").strip() or default_name(event.name, channel)
    found = scope.session.scalars(
        select(Campaign).where(
            Campaign.tenant_id == scope.tenant_id,
            Campaign.event_id == event.id,
            Campaign.channel == channel,
            Campaign.name == title,
        )
    ).first()
    if found is not None:
        return _described(found, existing=True)
    campaign = Campaign(
        tenant_id=scope.tenant_id,
        event_id=event.id,
        name=title,
        channel=channel,
        status=NEW_STATUS,
        starts_on=scope.today,
        ends_on=max(scope.today, event.starts_on),
        budget=Decimal(0),
        audience={"segment": "all"},
        goal=(goal or "").strip() or DEFAULT_GOAL,
    )
    scope.session.add(campaign)
    scope.session.flush()
    return _described(campaign, existing=False)


def _described(campaign: Campaign, *, existing: bool) -> dict[str, Any]:
    summary = campaign_summary(campaign)
    return {
        "campaign_id": campaign.id,
        "campaign": summary,
        "segment": str((campaign.audience or {}).get("segment") or "all"),
        "existing": existing,
    }
