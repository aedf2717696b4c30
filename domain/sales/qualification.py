"""qualify_lead: a 0–100 score for an opportunity or company, explained."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from domain.errors import InvalidArgumentError
from domain.lookups import get_owned, resolve_event
from domain.models import Company, Contact, Event, Opportunity, Stage
from domain.research.accounts import signals_of
from domain.research.dates import parse_day
from domain.sales.engagement import as_touch, load_activities
from domain.sales.engagement_math import engagement_score
from domain.sales.event_fit import company_fit, load_event_context
from domain.sales.lead_scoring import score_lead
from domain.sales.qualification_criteria import Evidence, assess_bant, assess_meddic
from domain.scope import Scope

ENGAGEMENT_DAYS = 90
CLOSED = (Stage.CLOSED_WON.value, Stage.CLOSED_LOST.value)


def qualify_lead(
    scope: Scope,
    opportunity_id: int | None = None,
    company_id: int | None = None,
    event_id: int | None = None,
) -> dict[str, Any]:
    """Score a lead from fit, 90-day engagement and BANT/MEDDIC evidence.

    With ``company_id`` only, the company's open opportunity for the event is used when
    there is one, else its latest closed one (won or lost, with the reason); with neither
    the qualification part counts as empty.

    Returns:
        ``{lead, score, grade, components, qualification, bant, meddic, explanation}``.
    """
    opportunity, company, event = _subject(scope, opportunity_id, company_id, event_id)
    ctx = load_event_context(scope, event)
    fit = company_fit(company, ctx, scope)
    activities = load_activities(scope, company_id=company.id, days=ENGAGEMENT_DAYS)
    engagement = engagement_score(as_touch(a, scope) for a in activities)
    evidence = _evidence(scope, opportunity, company, event, activities)
    bant = assess_bant(evidence)
    meddic = assess_meddic(opportunity.meddic or {} if opportunity else {}, evidence)
    result = score_lead(
        fit.score, engagement, opportunity.stage if opportunity else None, bant, meddic
    )
    lead = {
        "company_id": company.id,
        "company": company.name,
        "event": event.name,
        "opportunity_id": None,
        "stage": None,
        "value": None,
        "probability": None,
    }
    if opportunity is not None:
        lead.update(
            opportunity_id=opportunity.id,
            opportunity=opportunity.name,
            stage=opportunity.stage,
            value=opportunity.value,
            probability=opportunity.probability,
            expected_close=opportunity.expected_close,
            owner=opportunity.owner,
            next_step=opportunity.next_step,
            lost_reason=opportunity.lost_reason,
        )
    explanation = [
        f"fit {fit.score}/100: " + ("; ".join(fit.reasons) or "little overlap"),
        f"engagement {engagement}/100 from {len(activities)} activities in "
        f"{ENGAGEMENT_DAYS} days (30-day half-life)",
    ]
    explanation.append(
        f"qualification {result.components['qualification']['score']}/100: stage "
        f"{lead['stage'] or 'none (no opportunity)'}, BANT {result.qualification['bant']:.0f}%, "
        f"MEDDIC {result.qualification['meddic']:.0f}% complete"
    )
    return {
        "lead": lead,
        "score": result.score,
        "grade": result.grade,
        "components": result.components,
        "qualification": result.qualification,
        "fit_components": fit.components,
        "bant": {k: c.as_dict() for k, c in bant.items()},
        "meddic": {k: c.as_dict() for k, c in meddic.items()},
        "explanation": explanation,
    }


def _subject(
    scope: Scope, opportunity_id: int | None, company_id: int | None, event_id: int | None
) -> tuple[Opportunity | None, Company, Event]:
    if opportunity_id is not None:
        opportunity = get_owned(scope, Opportunity, opportunity_id, argument="opportunity_id")
        company = get_owned(scope, Company, opportunity.company_id, argument="opportunity_id")
        return (
            opportunity,
            company,
            get_owned(scope, Event, opportunity.event_id, argument="opportunity_id"),
        )
    if company_id is None:
        raise InvalidArgumentError("opportunity_id", "give opportunity_id or company_id")
    company = get_owned(scope, Company, company_id, argument="company_id")
    event = resolve_event(scope, event_id)
    deals = select(Opportunity).where(
        Opportunity.tenant_id == scope.tenant_id,
        Opportunity.company_id == company.id,
        Opportunity.event_id == event.id,
    )
    open_deal = scope.session.scalars(
        deals.where(Opportunity.stage.not_in(CLOSED)).order_by(
            Opportunity.value.desc(), Opportunity.id
        )
    ).first()
    if open_deal is not None:
        return open_deal, company, event
    # No open deal: the latest closed one, so the lead says it was won or lost (and why)
    # instead of reading as a company we never dealt with.
    closed_deal = scope.session.scalars(
        deals.where(Opportunity.stage.in_(CLOSED)).order_by(
            Opportunity.updated_at.desc(), Opportunity.id.desc()
        )
    ).first()
    return closed_deal, company, event


def _evidence(
    scope: Scope,
    opportunity: Opportunity | None,
    company: Company,
    event: Event,
    activities: list[Any],
) -> Evidence:
    signals = signals_of(company)
    latest = signals[0].detail if signals else None
    base = Evidence(today=scope.today, decision_deadline=event.starts_on, latest_signal=latest)
    if opportunity is None:
        return base
    bant = opportunity.bant or {}
    contact = (
        scope.session.get(Contact, opportunity.primary_contact_id)
        if opportunity.primary_contact_id
        else None
    )
    replies = sum(
        1 for a in activities if a.replied and (contact is None or a.contact_id == contact.id)
    )
    budget = bant.get("budget")
    return Evidence(
        today=scope.today,
        decision_deadline=event.starts_on,
        deal_value=float(opportunity.value),
        budget=float(budget) if budget else None,
        authority=bant.get("authority"),
        contact_seniority=contact.seniority if contact is not None else None,
        need=str(bant["need"]) if bant.get("need") else None,
        latest_signal=latest,
        timeline=parse_day(bant.get("timeline")),
        replies=replies,
    )
