"""research_company: firmographics, signals, sponsorship history and a 'why now'."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from domain.models import Contact, Event, Opportunity, Sponsor, SponsorshipPackage, Stage
from domain.research.accounts import Signal, find_company, signals_of
from domain.research.people import SENIORITY_ORDER
from domain.scope import Scope

WHY_NOW_DAYS = 90
CLOSED_STAGES = (Stage.CLOSED_WON.value, Stage.CLOSED_LOST.value)


def research_company(
    scope: Scope, company_id: int | None = None, name: str | None = None
) -> dict[str, Any]:
    """Everything the CRM knows about one account.

    Returns:
        Firmographics, ``signals`` (newest first), ``sponsorship_history``,
        ``open_opportunities``, ``contacts_by_seniority``, ``is_target_account`` and a
        ``why_now`` summary from signals in the last 90 days.
    """
    company = find_company(scope, company_id, name)
    signals = signals_of(company)
    return {
        "company_id": company.id,
        "name": company.name,
        "domain": company.domain,
        "industry": company.industry,
        "size_band": company.size_band,
        "employees": company.employees,
        "annual_revenue": company.annual_revenue,
        "marketing_budget": company.marketing_budget,
        "region": company.region,
        "country": company.country,
        "hq_city": company.hq_city,
        "funding_stage": company.funding_stage,
        "tech_stack": list(company.tech_stack or []),
        "description": company.description,
        "is_target_account": company.is_target_account,
        "signals": [s.as_dict() for s in signals],
        "sponsorship_history": sponsorship_history(scope, company.id),
        "open_opportunities": open_opportunities(scope, company.id),
        "contacts_by_seniority": contacts_by_seniority(scope, company.id),
        "why_now": why_now(company.name, signals, scope),
    }


def sponsorship_history(scope: Scope, company_id: int) -> list[dict[str, Any]]:
    """The company's sponsorships of our events, latest event first."""
    rows = scope.session.execute(
        select(Sponsor, Event.name, Event.starts_on, SponsorshipPackage.name)
        .join(Event, Event.id == Sponsor.event_id)
        .outerjoin(SponsorshipPackage, SponsorshipPackage.id == Sponsor.package_id)
        .where(Sponsor.tenant_id == scope.tenant_id, Sponsor.company_id == company_id)
        .order_by(Event.starts_on.desc())
    ).all()
    return [
        {
            "event": event_name,
            "event_date": starts_on,
            "package": package,
            "status": s.status,
            "amount": s.amount,
            "satisfaction": s.satisfaction,
        }
        for s, event_name, starts_on, package in rows
    ]


def open_opportunities(scope: Scope, company_id: int) -> list[dict[str, Any]]:
    """Deals not yet won or lost, largest first."""
    rows = scope.session.scalars(
        select(Opportunity)
        .where(
            Opportunity.tenant_id == scope.tenant_id,
            Opportunity.company_id == company_id,
            Opportunity.stage.not_in(CLOSED_STAGES),
        )
        .order_by(Opportunity.value.desc(), Opportunity.id)
    ).all()
    return [
        {
            "opportunity_id": o.id,
            "name": o.name,
            "stage": o.stage,
            "value": o.value,
            "probability": o.probability,
            "expected_close": o.expected_close,
            "next_step": o.next_step,
        }
        for o in rows
    ]


def contacts_by_seniority(scope: Scope, company_id: int) -> dict[str, int]:
    """How many contacts the CRM holds at each seniority level (all levels present)."""
    counts = dict(
        scope.session.execute(
            select(Contact.seniority, func.count())
            .where(Contact.tenant_id == scope.tenant_id, Contact.company_id == company_id)
            .group_by(Contact.seniority)
        ).all()
    )
    ordered = {level: int(counts.pop(level, 0)) for level in reversed(SENIORITY_ORDER)}
    ordered.update({str(level): int(n) for level, n in counts.items()})
    return ordered


def why_now(company_name: str, signals: list[Signal], scope: Scope) -> str:
    """One or two sentences on why to approach the account now, from recent signals."""
    recent = [
        s for s in signals if s.day is not None and 0 <= (scope.today - s.day).days <= WHY_NOW_DAYS
    ]
    if not recent:
        return (
            f"No signals on {company_name} in the last {WHY_NOW_DAYS} days; lead with the "
            "event's audience fit rather than timing."
        )
    parts = "; ".join(f"{s.detail.rstrip('.')} ({s.day:%d %b %Y})" for s in recent[:3])
    angle = {
        "funding": "fresh budget to spend on visibility",
        "hiring": "a hiring push that an event audience can feed",
        "product_launch": "a new product that needs launch visibility",
        "leadership": "a new leader looking for quick wins",
        "expansion": "expansion into new markets that needs local awareness",
        "competitor_sponsor": "proof they already buy event sponsorships",
    }.get(recent[0].kind, "recent momentum")
    return f"{company_name}: {parts}. Lead with {angle}."
