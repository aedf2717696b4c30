"""Schedule a social post: platform limits, a future time (or the optimal slot), the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from domain import outbox
from domain.errors import InvalidArgumentError
from domain.lookups import get_owned
from domain.marketing.campaigns import get_campaign
from domain.marketing.timing import as_utc, next_slot, optimize_timing
from domain.models import ContentItem, ScheduledPost
from domain.scope import Scope

PLATFORM_LIMITS = {"linkedin": 3000, "x": 280, "facebook": 3000, "instagram": 2200}


def schedule_post(
    scope: Scope,
    *,
    key: str,
    platform: str,
    text: str,
    at: datetime | None,
    campaign_id: int | None = None,
    content_id: int | None = None,
) -> dict[str, Any]:
    """Queue a post for ``platform`` at ``at`` (UTC if naive), or at the optimal slot if None.

    The optimal slot is ``optimize_timing``'s best social weekday and hour for the
    campaign's event, at its next occurrence after now. Writes a ScheduledPost and one
    outbox row (kind ``social_post``); a repeat with the same key returns the first
    post with ``duplicate: true``.

    Raises:
        InvalidArgumentError: unknown platform, text over the platform's limit, a time
            not in the future, or no engagement data to pick an optimal slot.
        NotFoundError: unknown campaign or content item.
    """
    limit = PLATFORM_LIMITS.get(platform)
    if limit is None:
        raise InvalidArgumentError("platform", f"must be one of {', '.join(PLATFORM_LIMITS)}")
    if len(text) > limit:
        raise InvalidArgumentError("text", f"{len(text)} characters; {platform} allows {limit}")
    campaign = get_campaign(scope, campaign_id) if campaign_id is not None else None
    if content_id is not None:
        content = get_owned(scope, ContentItem, content_id, argument="content_id")
        if campaign is not None and content.campaign_id not in (None, campaign.id):
            raise InvalidArgumentError("content_id", "belongs to another campaign")
    when, basis = _when(scope, at, campaign.event_id if campaign else None)
    recorded = outbox.record(
        scope,
        key=key,
        kind="social_post",
        recipient=platform,
        subject=f"{platform} post",
        body=text,
        payload={
            "platform": platform,
            "scheduled_for": when.isoformat(),
            "campaign_id": campaign_id,
            "content_id": content_id,
        },
    )
    if not recorded.created:
        post = scope.session.scalars(
            select(ScheduledPost).where(
                ScheduledPost.tenant_id == scope.tenant_id,
                ScheduledPost.outbox_id == recorded.message.id,
            )
        ).first()
        if post is not None:
            return _report(post, "existing", duplicate=True)
    post = ScheduledPost(
        tenant_id=scope.tenant_id,
        campaign_id=campaign_id,
        content_id=content_id,
        platform=platform,
        text=text,
        scheduled_for=when,
        status="scheduled",
        outbox_id=recorded.message.id,
    )
    scope.session.add(post)
    scope.session.flush()
    return _report(post, basis, duplicate=False)


def _when(scope: Scope, at: datetime | None, event_id: int | None) -> tuple[datetime, str]:
    if at is not None:
        moment = as_utc(at)
        if moment <= scope.now:
            raise InvalidArgumentError(
                "at", f"{moment.isoformat()} is not in the future (now is {scope.now.isoformat()})"
            )
        return moment, "requested"
    timing = optimize_timing(scope, event_id=event_id, channel="social")
    best = timing["best"]
    if best is None or best.get("weekday_index") is None or best.get("hour_utc") is None:
        raise InvalidArgumentError("at", "not enough engagement data for 'optimal'; give a time")
    return next_slot(best["weekday_index"], best["hour_utc"], scope.now), "optimal"


def _report(post: ScheduledPost, basis: str, *, duplicate: bool) -> dict[str, Any]:
    return {
        "id": post.id,
        "platform": post.platform,
        "text": post.text,
        "scheduled_for": as_utc(post.scheduled_for),
        "status": post.status,
        "campaign_id": post.campaign_id,
        "content_id": post.content_id,
        "outbox_id": post.outbox_id,
        "timing": basis,
        "duplicate": duplicate,
    }
