"""Generate marketing copy (ContentItem drafts) from the prompt templates and event data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from domain.errors import InvalidArgumentError
from domain.lookups import resolve_event
from domain.marketing.campaigns import get_campaign
from domain.marketing.event_facts import audience_phrase, event_facts
from domain.marketing.templates import angles_for, fill, parse
from domain.models import Campaign, ContentItem
from domain.scope import Scope

KINDS = ("email", "social", "landing", "cta", "subject")
GOALS = ("awareness", "increase_opens", "increase_clicks", "increase_conversions")
VARIANT_LETTERS = "ABCDE"
X_LIMIT = 280


def generate_content(
    scope: Scope,
    *,
    templates: Mapping[str, str],
    kind: str,
    variants: int = 1,
    campaign_id: int | None = None,
    event_id: int | None = None,
    audience: str | None = None,
    goal: str | None = None,
    language: str = "en",
) -> dict[str, Any]:
    """Create ``variants`` draft ContentItems of ``kind`` for a campaign or an event.

    Each variant takes one angle (value, urgency, social proof, curiosity, personal) in
    the order the optimisation goal prefers, fills that angle's template with the
    event's facts and the audience, and embeds the same angle's call to action. The
    output is deterministic: the same inputs on the same day give the same copy, and
    an identical draft that already exists is returned instead of duplicated.

    Args:
        scope: tenant, day and actor.
        templates: raw template text by kind (``prompts/marketing_<kind>.md``), plus "cta".
        kind: email | social | landing | cta | subject.
        variants: how many variants, 1..5 (labelled A..E).
        campaign_id: the campaign the copy is for (its event and audience are used).
        event_id: the event, when there is no campaign (default: next upcoming event).
        audience: who the copy speaks to; default from the campaign's audience rules.
        goal: awareness | increase_opens | increase_clicks | increase_conversions.
        language: en | es | fr | de, the language ``templates`` are written in; the
            words around the facts (dates, early-bird line, default audience) follow it.

    Raises:
        InvalidArgumentError: unknown kind or goal, or variants outside 1..5.
        NotFoundError: unknown campaign or event.
    """
    if kind not in KINDS:
        raise InvalidArgumentError("kind", f"must be one of {', '.join(KINDS)}")
    if goal is not None and goal not in GOALS:
        raise InvalidArgumentError("optimization_goal", f"must be one of {', '.join(GOALS)}")
    if not 1 <= variants <= len(VARIANT_LETTERS):
        raise InvalidArgumentError("variants", "must be between 1 and 5")
    campaign = get_campaign(scope, campaign_id) if campaign_id is not None else None
    if campaign is not None and event_id is not None and campaign.event_id != event_id:
        raise InvalidArgumentError("event_id", f"campaign {campaign.id} is for another event")
    event = resolve_event(scope, campaign.event_id if campaign else event_id)
    phrase = audience_phrase(campaign, audience, language)
    facts = event_facts(scope, event, phrase, language)
    blocks, ctas = parse(templates[kind]), parse(templates["cta"])
    items = []
    for letter, angle in zip(VARIANT_LETTERS, angles_for(goal, variants), strict=False):
        values = {
            **facts,
            "cta_label": fill(ctas[angle].title, facts),
            "cta_line": fill(ctas[angle].body, facts),
        }
        title = fill(blocks[angle].title, values)[:300]
        body = fill(blocks[angle].body, values)
        item, reused = _draft(scope, campaign, kind, letter, title, body)
        entry = {
            "id": item.id,
            "variant": letter,
            "angle": angle,
            "title": title,
            "body": body,
            "status": item.status,
            "reused": reused,
        }
        if kind == "social":
            entry["characters"] = len(body)
            entry["fits_x"] = len(body) <= X_LIMIT
        items.append(entry)
    return {
        "event": {"id": event.id, "name": event.name},
        "campaign_id": campaign.id if campaign else None,
        "kind": kind,
        "optimization_goal": goal or "awareness",
        "audience": phrase,
        "language": language,
        "items": items,
    }


def _draft(
    scope: Scope, campaign: Campaign | None, kind: str, variant: str, title: str, body: str
) -> tuple[ContentItem, bool]:
    """The identical existing draft, or a new one; returns (item, reused)."""
    campaign_id = campaign.id if campaign else None
    existing = scope.session.scalars(
        select(ContentItem)
        .where(
            ContentItem.tenant_id == scope.tenant_id,
            ContentItem.campaign_id.is_(None)
            if campaign_id is None
            else ContentItem.campaign_id == campaign_id,
            ContentItem.kind == kind,
            ContentItem.variant == variant,
            ContentItem.title == title,
            ContentItem.status == "draft",
        )
        .order_by(ContentItem.id)
    ).all()
    for item in existing:
        if item.body == body:
            return item, True
    item = ContentItem(
        tenant_id=scope.tenant_id,
        campaign_id=campaign_id,
        kind=kind,
        title=title,
        body=body,
        variant=variant,
        status="draft",
        created_by=scope.actor,
        created_at=scope.now,
    )
    scope.session.add(item)
    scope.session.flush()
    return item, False
