"""Loading what the fit score needs about an event, once, and scoring companies with it."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from sqlalchemy import select

from domain.models import Company, Event, Sponsor, SponsorshipPackage
from domain.research.accounts import signals_of
from domain.sales.fit import FitInputs, FitResult, prospect_fit
from domain.scope import Scope

DEFAULT_REFERENCE_PRICE = 25000.0


@dataclass(frozen=True)
class EventContext:
    """An event with its package prices and last edition's sponsors."""

    event: Event
    packages: list[SponsorshipPackage]
    reference_price: float
    previous_name: str | None
    previous_sponsors: dict[int, Sponsor]


def load_event_context(scope: Scope, event: Event) -> EventContext:
    """Packages (cheapest first), their median price, and the previous edition's sponsors."""
    packages = list(
        scope.session.scalars(
            select(SponsorshipPackage)
            .where(
                SponsorshipPackage.tenant_id == scope.tenant_id,
                SponsorshipPackage.event_id == event.id,
            )
            .order_by(SponsorshipPackage.price, SponsorshipPackage.id)
        ).all()
    )
    prices = [float(p.price) for p in packages]
    previous_name = None
    previous: dict[int, Sponsor] = {}
    if event.previous_edition_id is not None:
        last = scope.session.get(Event, event.previous_edition_id)
        if last is not None and last.tenant_id == scope.tenant_id:
            previous_name = last.name
            rows = scope.session.scalars(
                select(Sponsor).where(
                    Sponsor.tenant_id == scope.tenant_id, Sponsor.event_id == last.id
                )
            ).all()
            previous = {s.company_id: s for s in rows}
    reference = median(prices) if prices else DEFAULT_REFERENCE_PRICE
    return EventContext(event, packages, reference, previous_name, previous)


def company_fit(company: Company, ctx: EventContext, scope: Scope) -> FitResult:
    """The fit score of one company for the context's event."""
    signals = signals_of(company)
    past = ctx.previous_sponsors.get(company.id)
    text = " ".join([company.description, *(s.detail for s in signals)])
    return prospect_fit(
        FitInputs(
            industry=company.industry,
            audience_industries=[str(i) for i in ctx.event.audience_industries or []],
            topics=[str(t) for t in ctx.event.topics or []],
            company_text=text,
            employees=company.employees,
            annual_revenue=float(company.annual_revenue),
            marketing_budget=float(company.marketing_budget),
            reference_price=ctx.reference_price,
            past_event=ctx.previous_name if past is not None else None,
            past_satisfaction=past.satisfaction if past is not None else None,
            signals=[((scope.today - s.day).days, s.detail) for s in signals if s.day],
            is_target_account=company.is_target_account,
        )
    )
