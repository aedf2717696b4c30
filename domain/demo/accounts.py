"""Demo companies, contacts and the external events they attend."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from domain.demo import anchors
from domain.demo import vocabulary as v
from domain.models import Company, Contact, ExternalEvent, ExternalEventAttendance

COMPANY_COUNT = 200
CONTACTS_PER_COMPANY = 3
NAMED_COMPANIES = (
    (anchors.BIG_DEAL_COMPANY, "acmecloud.example", "Cloud Infrastructure", "10000+"),
    ("Globex", "globex.example", "AI/ML", "5001-10000"),
    ("Initech", "initech.example", "Data Platforms", "1001-5000"),
)


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _signals(rng: random.Random, snapshot: date) -> list[dict[str, str]]:
    signals = []
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        kind, template = rng.choice(v.SIGNAL_TYPES)
        detail = template.format(
            stage=rng.choice(("Series B", "Series C", "growth")),
            n=rng.randint(10, 80),
            topic=rng.choice(v.EVENT_TOPICS),
            city=rng.choice(("London", "Austin", "Singapore", "Berlin")),
        )
        when = snapshot - timedelta(days=rng.randint(3, 180))
        signals.append({"type": kind, "date": when.isoformat(), "detail": detail})
    return sorted(signals, key=lambda s: s["date"], reverse=True)


def build_companies(
    session: Session, tenant_id: str, rng: random.Random, snapshot: date
) -> list[Company]:
    """About 200 companies; the named anchors first, the rest generated."""
    names: list[tuple[str, str, str, str]] = list(NAMED_COMPANIES)
    seen = {n[0] for n in names}
    while len(names) < COMPANY_COUNT:
        name = f"{rng.choice(v.COMPANY_PREFIXES)} {rng.choice(v.COMPANY_SUFFIXES)}"
        if name in seen:
            continue
        seen.add(name)
        industry = rng.choices(v.INDUSTRIES, weights=[4, 3, 3, 3, 3, 2, 1, 1, 1, 1, 1, 1])[0]
        band = rng.choices([b[0] for b in v.SIZE_BANDS], weights=[3, 4, 4, 3, 2, 2])[0]
        names.append((name, f"{_slug(name)}.example", industry, band))
    companies = []
    for name, domain_name, industry, band in names:
        low, high = next((lo, hi) for b, lo, hi in v.SIZE_BANDS if b == band)
        employees = rng.randint(low, high)
        region = rng.choices(list(v.REGIONS), weights=[5, 4, 3])[0]
        country, city, _tz = rng.choice(v.REGIONS[region])
        revenue = Decimal(employees * rng.randint(120, 420) * 1000)
        companies.append(
            Company(
                tenant_id=tenant_id,
                name=name,
                domain=domain_name,
                industry=industry,
                size_band=band,
                employees=employees,
                annual_revenue=revenue,
                region=region,
                country=country,
                hq_city=city,
                funding_stage=rng.choice(v.FUNDING_STAGES),
                tech_stack=rng.sample(v.TECH, k=rng.randint(2, 5)),
                signals=_signals(rng, snapshot),
                description=f"{name} builds {industry.lower()} products for "
                f"{rng.choice(('enterprises', 'banks', 'retailers', 'developers'))}.",
                is_target_account=False,
                marketing_budget=(revenue * Decimal("0.004")).quantize(Decimal(1)),
            )
        )
    for company in companies[:3]:
        company.is_target_account = True
    for company in rng.sample(companies[3:], k=27):
        company.is_target_account = True
    session.add_all(companies)
    session.flush()
    return companies


def build_contacts(
    session: Session, tenant_id: str, rng: random.Random, companies: list[Company], snapshot: date
) -> list[Contact]:
    """Three contacts a company (600), with verification status, opt-outs and speakers."""
    contacts: list[Contact] = []
    used: set[str] = set()
    tz_by_city = {city: tz for options in v.REGIONS.values() for _c, city, tz in options}
    for company in companies:
        titles = rng.sample(v.TITLES, k=CONTACTS_PER_COMPANY)
        for title, department, seniority in titles:
            first, last = rng.choice(v.FIRST_NAMES), rng.choice(v.LAST_NAMES)
            local = f"{first}.{last}".lower().replace("ü", "u")
            email = f"{local}@{company.domain}"
            while email in used:
                email = f"{local}{rng.randint(2, 99)}@{company.domain}"
            used.add(email)
            speaker = rng.random() < 0.10
            contacts.append(
                Contact(
                    tenant_id=tenant_id,
                    company_id=company.id,
                    first_name=first,
                    last_name=last,
                    email=email,
                    email_status=rng.choices(
                        ("verified", "unverified", "bounced", "unknown"), weights=(70, 20, 4, 6)
                    )[0],
                    title=title,
                    department=department,
                    seniority=seniority,
                    linkedin_url=f"https://www.linkedin.com/in/{local.replace('.', '-')}",
                    timezone=tz_by_city.get(company.hq_city, "UTC"),
                    opted_out=rng.random() < 0.04,
                    is_speaker=speaker,
                    speaker_topics=rng.sample(v.EVENT_TOPICS, k=2) if speaker else [],
                    bio=f"{title} at {company.name}; works on {rng.choice(v.EVENT_TOPICS)}.",
                )
            )
    _place_anchor_contacts(contacts, companies, snapshot)
    session.add_all(contacts)
    session.flush()
    return contacts


def _place_anchor_contacts(
    contacts: list[Contact], companies: list[Company], snapshot: date
) -> None:
    """Give Globex an opted-out contact and Initech a bounced one, by fixed address."""
    by_company = {c.id: c for c in companies}
    for contact in contacts:
        name = by_company[contact.company_id].name
        if name == "Globex" and contact.seniority != "c_level":
            contact.first_name, contact.last_name = "Jordan", "Reyes"
            contact.email = anchors.OPTED_OUT_EMAIL
            contact.opted_out = True
            contact.opted_out_at = datetime.combine(
                snapshot - timedelta(days=20), time(9), tzinfo=UTC
            )
            break
    for contact in contacts:
        if by_company[contact.company_id].name == "Initech":
            contact.first_name, contact.last_name = "Sam", "Okafor"
            contact.email = anchors.BOUNCED_EMAIL
            contact.email_status = "bounced"
            contact.opted_out = False
            break
    for contact in contacts:
        if contact.opted_out and contact.opted_out_at is None:
            contact.opted_out_at = datetime.combine(
                snapshot - timedelta(days=60), time(9), tzinfo=UTC
            )


def build_external_events(
    session: Session, tenant_id: str, rng: random.Random, contacts: list[Contact], snapshot: date
) -> int:
    """Twelve other organisers' events and who from our CRM speaks at or attends them."""
    events = []
    for index, (name, city, topic) in enumerate(v.EXTERNAL_EVENTS):
        offset = -60 + index * 15 + rng.randint(0, 6)
        events.append(
            ExternalEvent(
                tenant_id=tenant_id,
                name=name,
                city=city,
                topic=topic,
                starts_on=snapshot + timedelta(days=offset),
            )
        )
    session.add_all(events)
    session.flush()
    rows = []
    for contact in contacts:
        if rng.random() > 0.25:
            continue
        for event in rng.sample(events, k=rng.randint(1, 2)):
            role = (
                "speaker"
                if contact.is_speaker and rng.random() < 0.6
                else rng.choices(("attendee", "sponsor"), weights=(5, 1))[0]
            )
            rows.append(
                ExternalEventAttendance(
                    tenant_id=tenant_id,
                    external_event_id=event.id,
                    contact_id=contact.id,
                    company_id=contact.company_id,
                    role=role,
                )
            )
    session.add_all(rows)
    return len(rows)
