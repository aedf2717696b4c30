"""enrich_lead: fill gaps on a company or contact from data Switchboard already holds."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from domain.errors import InvalidArgumentError
from domain.lookups import get_owned
from domain.models import Activity, Company, Contact
from domain.research.email_verification import domain_matches, is_email_syntax
from domain.research.people import SENIORITY_ORDER, infer_department, infer_seniority
from domain.research.reference_data import REGION_BY_COUNTRY, size_band_for, timezone_for
from domain.scope import Scope

Change = dict[str, Any]


def enrich_lead(
    scope: Scope, company_id: int | None = None, contact_id: int | None = None
) -> dict[str, Any]:
    """Derive missing or inconsistent fields and write them.

    Args:
        scope: tenant scope.
        company_id: enrich this company (size band, region), or
        contact_id: enrich this contact (seniority, department, time zone, email status).

    Returns:
        ``{target, id, name, changes: [{field, before, after, source}], notes}``; an empty
        ``changes`` list means the record was already complete.
    """
    if (company_id is None) == (contact_id is None):
        raise InvalidArgumentError("company_id", "give exactly one of company_id or contact_id")
    if company_id is not None:
        company = get_owned(scope, Company, company_id, argument="company_id")
        changes, notes = _enrich_company(company)
        target, key, name = "company", company.id, company.name
    else:
        contact = get_owned(scope, Contact, contact_id or 0, argument="contact_id")
        changes, notes = _enrich_contact(scope, contact)
        target, key, name = "contact", contact.id, contact.full_name
    scope.session.flush()
    return {"target": target, "id": key, "name": name, "changes": changes, "notes": notes}


def _set(record: Any, field: str, value: Any, source: str, changes: list[Change]) -> None:
    before = getattr(record, field)
    if before != value:
        setattr(record, field, value)
        changes.append({"field": field, "before": before, "after": value, "source": source})


def _enrich_company(company: Company) -> tuple[list[Change], list[str]]:
    changes: list[Change] = []
    notes: list[str] = []
    if company.employees and company.employees > 0:
        band = size_band_for(company.employees)
        _set(company, "size_band", band, f"{company.employees} employees", changes)
    else:
        notes.append("employee count unknown: size band left as is")
    region = REGION_BY_COUNTRY.get(company.country)
    if region:
        _set(company, "region", region, f"country {company.country}", changes)
    else:
        notes.append(f"no region known for country {company.country!r}")
    return changes, notes


def _enrich_contact(scope: Scope, contact: Contact) -> tuple[list[Change], list[str]]:
    changes: list[Change] = []
    notes: list[str] = []
    inferred = infer_seniority(contact.title)
    if contact.seniority not in SENIORITY_ORDER:
        _set(contact, "seniority", inferred, f"title {contact.title!r}", changes)
    elif inferred != contact.seniority:
        notes.append(f"title suggests {inferred} but seniority {contact.seniority} was kept")
    department = infer_department(contact.title)
    if not contact.department and department:
        _set(contact, "department", department, f"title {contact.title!r}", changes)
    company = get_owned(scope, Company, contact.company_id, argument="contact_id")
    zone = timezone_for(company.country, company.hq_city)
    if contact.timezone in ("", "UTC") and zone:
        _set(contact, "timezone", zone, f"company HQ {company.hq_city}, {company.country}", changes)
    status, source = _email_status(scope, contact, company)
    if status is not None:
        _set(contact, "email_status", status, source, changes)
    elif contact.email_status in ("unknown", "unverified"):
        notes.append(source)
    return changes, notes


def _email_status(scope: Scope, contact: Contact, company: Company) -> tuple[str | None, str]:
    """The status our records justify: delivery proven by engagement, or domain-consistent."""
    if contact.email_status in ("verified", "bounced"):
        return None, f"email status {contact.email_status} already settled"
    if not is_email_syntax(contact.email):
        return None, f"email {contact.email!r} is malformed: status left {contact.email_status}"
    delivered = scope.session.scalars(
        select(Activity.id)
        .where(
            Activity.tenant_id == scope.tenant_id,
            Activity.contact_id == contact.id,
            or_(
                Activity.opens > 0,
                Activity.clicks > 0,
                Activity.replied.is_(True),
                Activity.direction == "inbound",
            ),
        )
        .limit(1)
    ).first()
    if delivered is not None:
        return "verified", "delivery proven by opens, clicks or replies on record"
    if domain_matches(contact.email.rsplit("@", 1)[1], company.domain):
        if contact.email_status == "unknown":
            return "unverified", f"well-formed and on {company.domain}, no delivery yet"
        return None, "no delivery evidence yet: status stays unverified"
    return None, f"address is not on {company.domain}: status left {contact.email_status}"
