"""What each stage does to a lead, on the business database, and running it once.

- sourced: the lead is a contact row of this tenant at a company of this tenant.
- enriched: the company (size band, region) and the contact (seniority, department,
  time zone, email status) are filled in from what Switchboard holds
  (``domain.research.enrichment``); the result names the firmographics.
- verified: the address is checked as the policy checks it: syntax, company domain,
  known bounce, opt-out (``verify_email``) and the suppression list. An uncontactable
  lead is recorded as verified with ``advance`` false: it stops there.
- scored: fit, engagement and BANT/MEDDIC (``qualify_lead``) for the company, with the
  contact's relevance as a buyer; the grade is the lead's tier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from domain.leads.events import Stage
from domain.leads.steps import StepRun, record_done, step_of
from domain.lookups import get_owned
from domain.models import Company, Contact
from domain.privacy.suppression import is_suppressed
from domain.research.email_verification import verify_email
from domain.research.enrichment import enrich_lead
from domain.sales.contacts import contact_relevance
from domain.sales.qualification import qualify_lead
from domain.scope import Scope


@dataclass(frozen=True)
class Outcome:
    """A stage's result (stored on its step) and whether the lead goes on."""

    result: dict[str, Any]
    advance: bool = True


def _lead(scope: Scope, contact_id: int) -> tuple[Contact, Company]:
    contact = get_owned(scope, Contact, contact_id, argument="contact_id")
    company = get_owned(scope, Company, contact.company_id, argument="contact_id")
    return contact, company


def source(scope: Scope, contact_id: int) -> Outcome:
    """The lead exists: a contact of this tenant at one of its companies."""
    contact, company = _lead(scope, contact_id)
    return Outcome({"email": contact.email, "company_id": company.id, "company": company.name})


def enrich(scope: Scope, contact_id: int) -> Outcome:
    """Fill the company's and the contact's missing fields; name the firmographics."""
    contact, company = _lead(scope, contact_id)
    company_part = enrich_lead(scope, company_id=company.id)
    contact_part = enrich_lead(scope, contact_id=contact.id)
    return Outcome(
        {
            "company": company.name,
            "industry": company.industry,
            "size_band": company.size_band,
            "employees": company.employees,
            "region": company.region,
            "seniority": contact.seniority,
            "department": contact.department,
            "email_status": contact.email_status,
            "changes": company_part["changes"] + contact_part["changes"],
            "notes": company_part["notes"] + contact_part["notes"],
        }
    )


def verify(scope: Scope, contact_id: int) -> Outcome:
    """Check the address as the outreach policy would; stop an uncontactable lead."""
    contact, _ = _lead(scope, contact_id)
    check = verify_email(scope, contact.email)
    suppressed = is_suppressed(scope, contact.email)
    reasons = list(check["reasons"])
    if suppressed:
        reasons.append("address is on the suppression list (erased): never contact")
    contactable = bool(check["contactable"]) and not suppressed
    return Outcome(
        {
            "status": check["status"],
            "contactable": contactable,
            "opted_out": check["opted_out"],
            "known_bounce": check["known_bounce"],
            "suppressed": suppressed,
            "reasons": reasons,
        },
        advance=contactable,
    )


def score(scope: Scope, contact_id: int) -> Outcome:
    """The company's lead score and grade (tier), and the contact's buyer relevance."""
    contact, company = _lead(scope, contact_id)
    scored = qualify_lead(scope, company_id=company.id)
    return Outcome(
        {
            "score": scored["score"],
            "grade": scored["grade"],
            "tier": scored["grade"],
            "event": scored["lead"]["event"],
            "opportunity_id": scored["lead"]["opportunity_id"],
            "contact_relevance": contact_relevance(
                contact.seniority, contact.department, contact.email_status
            ),
            "components": scored["components"],
            "explanation": scored["explanation"],
        }
    )


WORK: dict[Stage, Callable[[Scope, int], Outcome]] = {
    "sourced": source,
    "enriched": enrich,
    "verified": verify,
    "scored": score,
}


def run_stage(scope: Scope, stage: Stage, contact_id: int, *, consumer: str) -> StepRun:
    """Do ``stage`` for the lead unless it is done; the caller commits.

    Raises:
        NotFoundError: the contact (or its company) is not this tenant's.
        DomainError: the stage's own work refused (e.g. no event to score against).
    """
    existing = step_of(scope, contact_id, stage, lock=True)
    if existing is not None and existing.status == "done":
        return StepRun(existing.id, ran=False, advance=existing.advance)
    outcome = WORK[stage](scope, contact_id)
    row = record_done(
        scope,
        contact_id,
        stage,
        result=outcome.result,
        advance=outcome.advance,
        consumer=consumer,
        existing=existing,
    )
    return StepRun(row.id, ran=True, advance=outcome.advance)
