"""Read the names a request may mention from one tenant's tables (one query per kind)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.models import (
    BudgetLine,
    Campaign,
    Company,
    Contact,
    Deliverable,
    Event,
    ExternalEvent,
    Opportunity,
    SponsorshipPackage,
    Vendor,
)

INDUSTRY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "AI/ML": ("ai ml", "machine learning", "artificial intelligence", "ai companies"),
    "Cybersecurity": ("cyber security", "cyber", "security companies", "infosec"),
    "Healthcare Tech": ("healthcare", "health tech", "healthtech", "medtech"),
    "Cloud Infrastructure": ("cloud infra", "cloud companies", "cloud providers"),
    "Data Platforms": ("data platform", "data companies"),
    "Fintech": ("fin tech", "financial technology", "payments"),
    "Telecom": ("telecoms", "telecommunications", "telco"),
    "Retail": ("retailers", "e-commerce", "ecommerce"),
    "Education": ("edtech", "education technology"),
}
OPEN_STAGES = ("prospect", "qualified", "proposal", "negotiation")

Loader = Callable[[Session, str, int | None], list[tuple[int, str, dict[str, Any]]]]


def load_entities(session: Session, tenant_id: str, event_id: int | None) -> dict[str, list[Any]]:
    """Every kind's entities for ``tenant_id``; records of ``event_id`` where per event."""
    from adapters.offline.entities import Entity

    return {
        kind: [
            Entity(kind, rid, name, attrs)
            for rid, name, attrs in loader(session, tenant_id, event_id)
        ]
        for kind, loader in LOADERS.items()
    }


def _companies(
    session: Session, tenant: str, _: int | None
) -> list[tuple[int, str, dict[str, Any]]]:
    rows = session.execute(
        select(Company.id, Company.name, Company.domain)
        .where(Company.tenant_id == tenant)
        .order_by(Company.id)
    )
    return [(rid, name, {"domain": domain}) for rid, name, domain in rows]


def _contacts(
    session: Session, tenant: str, _: int | None
) -> list[tuple[int, str, dict[str, Any]]]:
    rows = session.execute(
        select(
            Contact.id,
            Contact.first_name,
            Contact.last_name,
            Contact.email,
            Contact.company_id,
            Contact.title,
        )
        .where(Contact.tenant_id == tenant)
        .order_by(Contact.id)
    )
    return [
        (
            rid,
            f"{first} {last}",
            {"email": email.lower(), "company_id": company, "first_name": first, "title": title},
        )
        for rid, first, last, email, company, title in rows
    ]


def _opportunities(
    session: Session, tenant: str, event: int | None
) -> list[tuple[int, str, dict[str, Any]]]:
    rows = session.execute(
        select(
            Opportunity.id,
            Opportunity.name,
            Opportunity.company_id,
            Opportunity.stage,
            Opportunity.event_id,
            Opportunity.primary_contact_id,
        )
        .where(Opportunity.tenant_id == tenant)
        .order_by(Opportunity.id)
    )
    return [
        (
            rid,
            name,
            {
                "company_id": company,
                "stage": stage,
                "open": stage in OPEN_STAGES,
                "current": ev == event,
                "primary_contact_id": contact,
            },
        )
        for rid, name, company, stage, ev, contact in rows
    ]


def _per_event(model: Any, label: Any) -> Loader:
    def load(
        session: Session, tenant: str, event: int | None
    ) -> list[tuple[int, str, dict[str, Any]]]:
        query = select(model.id, label).where(model.tenant_id == tenant).order_by(model.id)
        if event is not None:
            query = query.where(model.event_id == event)
        return [(rid, name, {}) for rid, name in session.execute(query)]

    return load


def _vendors(
    session: Session, tenant: str, event: int | None
) -> list[tuple[int, str, dict[str, Any]]]:
    """The event's vendors, each also named by its trade when no other vendor has it."""
    query = select(Vendor.id, Vendor.name, Vendor.service).where(Vendor.tenant_id == tenant)
    if event is not None:
        query = query.where(Vendor.event_id == event)
    rows = list(session.execute(query.order_by(Vendor.id)))
    trades = Counter(service.lower() for _, _, service in rows)
    return [
        (
            rid,
            name,
            {
                "service": service,
                "aliases": trade_names(service) if trades[service.lower()] == 1 else (),
            },
        )
        for rid, name, service in rows
    ]


def _owners(
    session: Session, tenant: str, event: int | None
) -> list[tuple[int, str, dict[str, Any]]]:
    """The people who own the event's deliverables, each also named by a first or last
    name no other owner shares ("what is Priya on?"). Ids number them in name order."""
    query = select(Deliverable.owner_name).where(Deliverable.tenant_id == tenant).distinct()
    if event is not None:
        query = query.where(Deliverable.event_id == event)
    names = sorted(session.scalars(query))
    words = Counter(word.lower() for name in names for word in name.split())
    return [
        (
            index,
            name,
            {"aliases": tuple(w for w in name.split() if words[w.lower()] == 1 and len(w) > 2)},
        )
        for index, name in enumerate(names, 1)
    ]


TRADE_WORDS = (
    "vendor",
    "supplier",
    "provider",
    "company",
    "people",
    "folks",
    "team",
    "firm",
    "agency",
    "crew",
    "contractor",
    "partner",
    "service",
)
"""Words that turn a trade into a party ("the catering vendor", "the AV supplier", "the
livestream people", "the catering team", "the interpreting agency", "the security crew")."""


def trade_names(service: str) -> tuple[str, ...]:
    """Ways a request names the vendor of ``service`` without its name.

    The trade with a party word ("catering vendor", "av supplier") and the trade's agent
    noun, made by English morphology rather than a word list: "catering" gives
    "caterer(s)", "printing" "printer(s)", "interpreting" "interpreter(s)", "photography"
    "photographer(s)". The bare trade ("catering") is not an alias: it also names a
    budget line or a topic ("how much did catering cost").
    """
    trade = service.lower().strip()
    names = [f"{trade} {word}" for word in TRADE_WORDS]
    stem = None
    if trade.endswith("ing") and len(trade) > 6:
        stem = trade[:-3]
    elif trade.endswith("graphy"):
        stem = trade[:-1]
    if stem:
        names += [f"{stem}er", f"{stem}ers"]
    return tuple(names) + FOREIGN_TRADE_NAMES.get(trade, ())


FOREIGN_TRADE_NAMES: dict[str, tuple[str, ...]] = {
    "catering": ("traiteur", "traiteurs", "empresa de catering", "cateringfirma", "caterer"),
    "printing": ("imprimeur", "imprenta", "druckerei"),
    "photography": ("photographe", "fotografo", "fotograf"),
    "interpreting": ("interpretes", "interprete", "dolmetscher"),
    "transport": ("transportista", "transporteur"),
}
"""The trade's agent noun in Spanish, French and German ("le traiteur", "la imprenta"),
written folded as names are matched."""


def _events(session: Session, tenant: str, _: int | None) -> list[tuple[int, str, dict[str, Any]]]:
    rows = session.execute(
        select(Event.id, Event.name, Event.slug, Event.starts_on)
        .where(Event.tenant_id == tenant)
        .order_by(Event.id)
    )
    return [
        (rid, name, {"aliases": (slug.replace("-", " "),), "year": starts.year})
        for rid, name, slug, starts in rows
    ]


def _external_events(
    session: Session, tenant: str, _: int | None
) -> list[tuple[int, str, dict[str, Any]]]:
    """Other organisers' events ("who is going to Fintech Frontiers?")."""
    rows = session.execute(
        select(ExternalEvent.id, ExternalEvent.name)
        .where(ExternalEvent.tenant_id == tenant)
        .order_by(ExternalEvent.id)
    )
    return [(rid, name, {}) for rid, name in rows]


def _industries(
    session: Session, tenant: str, _: int | None
) -> list[tuple[int, str, dict[str, Any]]]:
    names = session.scalars(
        select(Company.industry)
        .where(Company.tenant_id == tenant)
        .distinct()
        .order_by(Company.industry)
    ).all()
    return [
        (i + 1, name, {"aliases": INDUSTRY_SYNONYMS.get(name, ())}) for i, name in enumerate(names)
    ]


LOADERS: dict[str, Loader] = {
    "company": _companies,
    "contact": _contacts,
    "opportunity": _opportunities,
    "campaign": _per_event(Campaign, Campaign.name),
    "deliverable": _per_event(Deliverable, Deliverable.title),
    "owner": _owners,
    "vendor": _vendors,
    "budget_line": _per_event(BudgetLine, BudgetLine.category),
    "package": _per_event(SponsorshipPackage, SponsorshipPackage.name),
    "event": _events,
    "external_event": _external_events,
    "industry": _industries,
}
