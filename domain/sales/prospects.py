"""search_sponsors: rank companies as sponsor prospects for an event."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from domain.lookups import resolve_event
from domain.models import Company, Opportunity, Sponsor, Stage
from domain.sales.event_fit import company_fit, load_event_context
from domain.scope import Scope

CLOSED = (Stage.CLOSED_WON.value, Stage.CLOSED_LOST.value)


def search_sponsors(
    scope: Scope,
    event_id: int | None = None,
    limit: int = 20,
    min_score: float | None = None,
    industry: str | None = None,
) -> dict[str, Any]:
    """Score every company not yet confirmed as a sponsor and return the best.

    Args:
        scope: tenant scope.
        event_id: the event to sponsor; the next upcoming one by default.
        limit: how many prospects to return.
        min_score: drop prospects scoring below this (0–100).
        industry: only companies in this industry (case-insensitive).

    Returns:
        ``{event, considered, excluded_confirmed, prospects: [{rank, company_id, name,
        score, components, reasons, ...}]}`` best first (ties by name).
    """
    event = resolve_event(scope, event_id)
    ctx = load_event_context(scope, event)
    current = dict(
        scope.session.execute(
            select(Sponsor.company_id, Sponsor.status).where(
                Sponsor.tenant_id == scope.tenant_id, Sponsor.event_id == event.id
            )
        ).all()
    )
    confirmed = {cid for cid, status in current.items() if status == "confirmed"}
    query = select(Company).where(Company.tenant_id == scope.tenant_id)
    if industry:
        query = query.where(func.lower(Company.industry) == industry.lower())
    companies = [c for c in scope.session.scalars(query).all() if c.id not in confirmed]
    deals = _open_deals(scope, event.id)
    scored = []
    for company in companies:
        fit = company_fit(company, ctx, scope)
        if min_score is not None and fit.score < min_score:
            continue
        scored.append((fit, company))
    scored.sort(key=lambda pair: (-pair[0].score, pair[1].name))
    prospects = [
        {
            "rank": rank,
            "company_id": c.id,
            "name": c.name,
            "industry": c.industry,
            "size_band": c.size_band,
            "region": c.region,
            "marketing_budget": c.marketing_budget,
            "is_target_account": c.is_target_account,
            "score": fit.score,
            "components": fit.components,
            "reasons": fit.reasons,
            "sponsor_status": current.get(c.id),
            "open_opportunity": deals.get(c.id),
        }
        for rank, (fit, c) in enumerate(scored[:limit], start=1)
    ]
    return {
        "event": {"id": event.id, "name": event.name, "starts_on": event.starts_on},
        "considered": len(companies),
        "excluded_confirmed": len(confirmed),
        "matched": len(scored),
        "prospects": prospects,
    }


def _open_deals(scope: Scope, event_id: int) -> dict[int, dict[str, Any]]:
    rows = scope.session.scalars(
        select(Opportunity)
        .where(
            Opportunity.tenant_id == scope.tenant_id,
            Opportunity.event_id == event_id,
            Opportunity.stage.not_in(CLOSED),
        )
        .order_by(Opportunity.value)
    ).all()
    return {
        o.company_id: {"opportunity_id": o.id, "stage": o.stage, "value": o.value} for o in rows
    }
