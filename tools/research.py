"""Research tools: account and contact intelligence from Switchboard's internal database.

None of these reach the web; they read (and, for enrich_lead, fill in) CRM records.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from domain.models import Department
from domain.research.attendance import find_event_attendance
from domain.research.company_profile import research_company
from domain.research.contact_profile import research_contact
from domain.research.email_verification import verify_email
from domain.research.enrichment import enrich_lead
from domain.scope import Scope
from tools.common import ToolArgs, exactly_one_of
from tools.registry import Effect, register

RESEARCH = Department.RESEARCH
INTERNAL_ONLY = "Works from Switchboard's internal database only (no web access)."


CONTACT_OR_EMAIL = exactly_one_of("contact_id", "email")


class ResearchContactArgs(ToolArgs):
    contact_id: Annotated[int | None, CONTACT_OR_EMAIL] = Field(
        None, gt=0, description="The contact."
    )
    email: Annotated[str | None, CONTACT_OR_EMAIL] = Field(
        None, min_length=3, description="Or the contact's email address."
    )


@register(
    "research_contact",
    departments=RESEARCH,
    effect=Effect.READ,
    args=ResearchContactArgs,
    description=f"""Profile a contact (contact_id or email): role, seniority, company,
speaker topics, bio, other organisers' events they attended or spoke at, recent activity
with us, and talking points for outreach derived from these. {INTERNAL_ONLY}""",
)
def _research_contact(scope: Scope, args: ResearchContactArgs) -> dict[str, Any]:
    return research_contact(scope, args.contact_id, args.email)


COMPANY_OR_NAME = exactly_one_of("company_id", "name")


class ResearchCompanyArgs(ToolArgs):
    company_id: Annotated[int | None, COMPANY_OR_NAME] = Field(
        None, gt=0, description="The company."
    )
    name: Annotated[str | None, COMPANY_OR_NAME] = Field(
        None, min_length=1, description="Or the company's name."
    )


@register(
    "research_company",
    departments=RESEARCH,
    effect=Effect.READ,
    args=ResearchCompanyArgs,
    description=f"""Research an account (company_id or name): firmographics, buying
signals newest first, sponsorship history with our events, open opportunities, contacts
by seniority, the target-account flag and a 'why now' summary from the last 90 days of
signals. {INTERNAL_ONLY}""",
)
def _research_company(scope: Scope, args: ResearchCompanyArgs) -> dict[str, Any]:
    return research_company(scope, args.company_id, args.name)


CONTACT_OR_COMPANY = exactly_one_of("contact_id", "company_id")


class EnrichLeadArgs(ToolArgs):
    company_id: Annotated[int | None, CONTACT_OR_COMPANY] = Field(
        None, gt=0, description="Enrich this company..."
    )
    contact_id: Annotated[int | None, CONTACT_OR_COMPANY] = Field(
        None, gt=0, description="...or this contact."
    )


@register(
    "enrich_lead",
    departments=RESEARCH,
    effect=Effect.DRAFT,
    args=EnrichLeadArgs,
    description=f"""Fill gaps on a company (size band from employees, region from
country) or a contact (seniority and department from title, time zone from the company
HQ, email status from delivery evidence) and save them. Returns each changed field with
before/after and its source; an empty list means nothing was missing. {INTERNAL_ONLY}""",
)
def _enrich_lead(scope: Scope, args: EnrichLeadArgs) -> dict[str, Any]:
    return enrich_lead(scope, args.company_id, args.contact_id)


class VerifyEmailArgs(ToolArgs):
    email: str = Field(min_length=1, max_length=320, description="The address to check.")


@register(
    "verify_email",
    departments=RESEARCH,
    effect=Effect.READ,
    args=VerifyEmailArgs,
    description=f"""Check an email address before outreach: syntax, whether it is on
the contact's company domain, known bounces and opt-outs. Returns status valid / risky /
invalid with reasons and 'contactable'. A malformed address is reported as invalid, not
an error. No DNS or mailbox probing. {INTERNAL_ONLY}""",
)
def _verify_email(scope: Scope, args: VerifyEmailArgs) -> dict[str, Any]:
    return verify_email(scope, args.email)


class FindEventAttendanceArgs(ToolArgs):
    company_ids: list[int] | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="Accounts to track; default all target accounts.",
    )
    within_days: int | None = Field(
        None, ge=1, le=365, description="Only events starting in the next N days."
    )


@register(
    "find_event_attendance",
    departments=RESEARCH,
    effect=Effect.READ,
    args=FindEventAttendanceArgs,
    description=f"""Find other organisers' events where target accounts (or the given
company_ids) attend, sponsor or speak, grouped by event with date and city, most target
accounts first; optionally only events in the next within_days days. Use to plan where
to meet prospects. {INTERNAL_ONLY}""",
)
def _find_event_attendance(scope: Scope, args: FindEventAttendanceArgs) -> dict[str, Any]:
    return find_event_attendance(scope, args.company_ids, args.within_days)
