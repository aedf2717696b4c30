"""Demo sponsorship packages, past sponsors, the current pipeline and CRM activity."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import insert
from sqlalchemy.orm import Session

from domain.demo import anchors
from domain.models import (
    Activity,
    Company,
    Contact,
    Event,
    Opportunity,
    Proposal,
    Sponsor,
    SponsorshipPackage,
    Stage,
)

PACKAGES = (
    ("Platinum", 75000, 2, ["Keynote slot", "Premium booth", "10 passes", "Logo on stage"]),
    ("Gold", 40000, 6, ["Breakout session", "Booth", "6 passes", "Logo on site"]),
    ("Silver", 20000, 12, ["Booth", "4 passes", "Logo on site"]),
    ("Bronze", 10000, 20, ["Table-top", "2 passes"]),
    ("Startup", 4000, 15, ["Demo table", "1 pass"]),
)
STAGE_PLAN = (
    (Stage.PROSPECT, 14, 10),
    (Stage.QUALIFIED, 12, 25),
    (Stage.PROPOSAL, 10, 45),
    (Stage.NEGOTIATION, 8, 65),
    (Stage.CLOSED_WON, 10, 100),
    (Stage.CLOSED_LOST, 6, 0),
)
MEDDIC_KEYS = (
    "metrics",
    "economic_buyer",
    "decision_criteria",
    "decision_process",
    "identify_pain",
    "champion",
)


def build_packages(
    session: Session, tenant_id: str, events: list[Event]
) -> dict[int, list[SponsorshipPackage]]:
    """The five packages for every edition (older editions priced a little lower)."""
    by_event: dict[int, list[SponsorshipPackage]] = {}
    for age, event in enumerate(reversed(events)):
        factor = Decimal(1) - Decimal("0.08") * age
        packages = [
            SponsorshipPackage(
                tenant_id=tenant_id,
                event_id=event.id,
                name=name,
                price=(Decimal(price) * factor).quantize(Decimal(1)),
                slots=slots,
                benefits=benefits,
            )
            for name, price, slots, benefits in PACKAGES
        ]
        session.add_all(packages)
        by_event[event.id] = packages
    session.flush()
    return by_event


def build_past_sponsors(
    session: Session,
    tenant_id: str,
    rng: random.Random,
    past_event: Event,
    packages: list[SponsorshipPackage],
    companies: list[Company],
) -> list[Sponsor]:
    """Fifty sponsors of last year's edition, with a satisfaction score."""
    fitting = [c for c in companies if c.industry in past_event.audience_industries]
    chosen = rng.sample(fitting, k=min(50, len(fitting)))
    sponsors = []
    for company in chosen:
        package = rng.choices(packages, weights=(1, 3, 5, 6, 4))[0]
        sponsors.append(
            Sponsor(
                tenant_id=tenant_id,
                company_id=company.id,
                event_id=past_event.id,
                package_id=package.id,
                status="past",
                amount=package.price,
                satisfaction=rng.choice((3, 4, 4, 5, 5)),
            )
        )
    session.add_all(sponsors)
    return sponsors


def build_opportunities(
    session: Session,
    tenant_id: str,
    rng: random.Random,
    event: Event,
    packages: list[SponsorshipPackage],
    companies: list[Company],
    contacts: list[Contact],
    snapshot: date,
) -> list[Opportunity]:
    """Sixty deals across every stage; Acme Cloud's $75k Platinum deal is in negotiation."""
    by_company: dict[int, list[Contact]] = {}
    for contact in contacts:
        by_company.setdefault(contact.company_id, []).append(contact)
    acme = next(c for c in companies if c.name == anchors.BIG_DEAL_COMPANY)
    others = [c for c in companies if c.id != acme.id and c.name not in ("Globex",)]
    pool = [acme, *rng.sample(others, k=59)]
    stages = [stage for stage, count, _p in STAGE_PLAN for _ in range(count)]
    probability = {stage: p for stage, _c, p in STAGE_PLAN}
    stages.remove(Stage.NEGOTIATION)
    stages.insert(0, Stage.NEGOTIATION)
    opportunities = []
    for company, stage in zip(pool, stages, strict=True):
        package = (
            packages[0] if company is acme else rng.choices(packages, weights=(1, 3, 5, 6, 4))[0]
        )
        value = anchors.BIG_DEAL_VALUE if company is acme else package.price
        champion = sorted(by_company[company.id], key=lambda c: c.seniority)[0]
        advanced = (
            [
                Stage.PROSPECT,
                Stage.QUALIFIED,
                Stage.PROPOSAL,
                Stage.NEGOTIATION,
                Stage.CLOSED_WON,
            ].index(stage)
            if stage != Stage.CLOSED_LOST
            else 2
        )
        created = snapshot - timedelta(days=rng.randint(20, 110))
        opportunities.append(
            Opportunity(
                tenant_id=tenant_id,
                company_id=company.id,
                event_id=event.id,
                primary_contact_id=champion.id,
                package_id=package.id,
                name=f"{company.name} — {package.name}",
                stage=stage,
                value=value,
                probability=probability[stage],
                expected_close=event.starts_on - timedelta(days=rng.randint(14, 35)),
                next_step=_next_step(stage),
                notes="",
                lost_reason="Budget moved to a competing event"
                if stage == Stage.CLOSED_LOST
                else None,
                bant=_bant(rng, advanced, value, event),
                meddic={key: rng.random() < 0.2 + 0.18 * advanced for key in MEDDIC_KEYS},
                followups_sent=rng.randint(0, 3) if stage == Stage.PROSPECT else 0,
                created_at=datetime.combine(created, time(10), tzinfo=UTC),
                updated_at=datetime.combine(
                    snapshot - timedelta(days=rng.randint(1, 15)), time(10), tzinfo=UTC
                ),
            )
        )
    session.add_all(opportunities)
    session.flush()
    won = [o for o in opportunities if o.stage == Stage.CLOSED_WON]
    session.add_all(
        Sponsor(
            tenant_id=tenant_id,
            company_id=o.company_id,
            event_id=event.id,
            package_id=o.package_id,
            status="confirmed",
            amount=o.value,
        )
        for o in won
    )
    return opportunities


def _bant(rng: random.Random, advanced: int, value: Decimal, event: Event) -> dict:
    known = rng.random() < 0.25 + 0.2 * advanced
    return {
        "budget": float(value * Decimal(rng.choice(("0.8", "1.0", "1.2")))) if known else None,
        "authority": rng.random() < 0.2 + 0.2 * advanced,
        "need": rng.choice(
            ("Pipeline in EMEA", "Developer awareness", "Hiring data talent", "Launch visibility")
        )
        if rng.random() < 0.3 + 0.2 * advanced
        else None,
        "timeline": (event.starts_on - timedelta(days=30)).isoformat()
        if rng.random() < 0.2 + 0.2 * advanced
        else None,
    }


def _next_step(stage: str) -> str:
    return {
        Stage.PROSPECT: "Send intro email",
        Stage.QUALIFIED: "Book discovery call",
        Stage.PROPOSAL: "Follow up on proposal",
        Stage.NEGOTIATION: "Agree final terms",
        Stage.CLOSED_WON: "Collect logo and booth details",
        Stage.CLOSED_LOST: "Revisit next year",
    }[Stage(stage)]


def build_proposals(
    session: Session,
    tenant_id: str,
    opportunities: list[Opportunity],
    packages: list[SponsorshipPackage],
    event: Event,
) -> int:
    """A proposal for every deal at proposal stage or later."""
    by_id = {p.id: p for p in packages}
    rows = []
    for opp in opportunities:
        if opp.stage in (Stage.PROSPECT, Stage.QUALIFIED) or opp.package_id is None:
            continue
        package = by_id[opp.package_id]
        rows.append(
            Proposal(
                tenant_id=tenant_id,
                opportunity_id=opp.id,
                package_id=package.id,
                amount=opp.value,
                title=f"{package.name} sponsorship of {event.name}",
                body=f"{package.name} package: " + ", ".join(package.benefits) + ".",
                status={"closed_won": "accepted", "closed_lost": "rejected"}.get(opp.stage, "sent"),
                created_at=opp.created_at + timedelta(days=10),
            )
        )
    session.add_all(rows)
    return len(rows)


def build_activities(
    session: Session,
    tenant_id: str,
    rng: random.Random,
    contacts: list[Contact],
    opportunities: list[Opportunity],
    snapshot: date,
) -> int:
    """About 2,400 touches over 120 days; deal contacts are engaged more the further along."""
    engaged = {o.primary_contact_id: o for o in opportunities}
    rows = []
    for contact in contacts:
        opp = engaged.get(contact.id)
        count = rng.randint(4, 10) if opp else rng.choice((0, 1, 2, 3, 5))
        warmth = 0.3 + (0.1 * STAGE_ORDER[Stage(opp.stage)] if opp else 0)
        for _ in range(count):
            kind = rng.choices(
                ("email", "call", "meeting", "note", "web_visit", "download"),
                weights=(10, 2, 1 if opp else 0, 2, 3, 1),
            )[0]
            at = datetime.combine(
                snapshot - timedelta(days=rng.randint(1, 120)),
                time(rng.randint(8, 18), rng.randint(0, 59)),
                tzinfo=UTC,
            )
            opened = kind == "email" and rng.random() < warmth + 0.2
            rows.append(
                {
                    "tenant_id": tenant_id,
                    "contact_id": contact.id,
                    "company_id": contact.company_id,
                    "opportunity_id": opp.id if opp else None,
                    "kind": kind,
                    "direction": "inbound" if kind in ("web_visit", "download") else "outbound",
                    "subject": {
                        "email": "Sponsoring the Northwind AI Summit",
                        "call": "Discovery call",
                        "meeting": "Sponsorship review",
                        "note": "Account note",
                        "web_visit": "Visited sponsorship page",
                        "download": "Downloaded sponsor prospectus",
                    }[kind],
                    "body": "",
                    "occurred_at": at,
                    "opens": rng.randint(1, 4) if opened else 0,
                    "clicks": rng.randint(1, 2) if opened and rng.random() < warmth else 0,
                    "replied": opened and rng.random() < warmth / 2,
                    "created_by": "human",
                }
            )
    session.execute(insert(Activity), rows)
    return len(rows)


STAGE_ORDER = {
    Stage.PROSPECT: 0,
    Stage.QUALIFIED: 1,
    Stage.PROPOSAL: 2,
    Stage.NEGOTIATION: 3,
    Stage.CLOSED_WON: 4,
    Stage.CLOSED_LOST: 1,
}
