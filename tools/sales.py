"""Sales tools: find and qualify sponsors, write proposals, email, meet, update the CRM."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from domain.models import Department, Stage
from domain.research.email_verification import is_email_syntax
from domain.sales.contacts import find_contacts
from domain.sales.crm import update_crm
from domain.sales.engagement import analyze_engagement
from domain.sales.meetings import schedule_meeting
from domain.sales.outreach import send_email
from domain.sales.packages import list_packages
from domain.sales.pipeline import review_pipeline
from domain.sales.proposals import generate_proposal
from domain.sales.prospects import search_sponsors
from domain.sales.qualification import qualify_lead
from domain.scope import Scope
from prompts.loader import template_text
from tools.common import EventArgs, ToolArgs, exactly_one_of, one_of
from tools.registry import Effect, action_key, register

SALES = Department.SALES


def _email(value: str | None) -> str | None:
    if value is not None and not is_email_syntax(value):
        raise ValueError(f"{value!r} is not a valid email address")
    return value


@cache
def proposal_template() -> str:
    """The proposal writing template, ``prompts/proposal.md``."""
    return template_text("proposal")


class SearchSponsorsArgs(EventArgs):
    limit: int = Field(20, ge=1, le=100, description="How many prospects to return.")
    min_score: float | None = Field(None, ge=0, le=100, description="Drop prospects below this.")
    industry: str | None = Field(None, min_length=1, description="Only this industry.")


@register(
    "search_sponsors",
    departments=SALES,
    effect=Effect.READ,
    args=SearchSponsorsArgs,
    description="""Rank companies as sponsor prospects for an event (next upcoming by
default). Scores fit 0-100 from industry/topic overlap with the event audience, budget and
size, past sponsorship and satisfaction, recent buying signals and the target-account flag;
companies already confirmed as sponsors are excluded. Returns ranked prospects with score,
score components, reasons and any open opportunity. Use first when looking for sponsors.""",
)
def _search_sponsors(scope: Scope, args: SearchSponsorsArgs) -> dict[str, Any]:
    return search_sponsors(scope, args.event_id, args.limit, args.min_score, args.industry)


COMPANY_OR_DEAL = exactly_one_of("company_id", "opportunity_id")


class QualifyLeadArgs(EventArgs):
    opportunity_id: Annotated[int | None, COMPANY_OR_DEAL] = Field(
        None, gt=0, description="The deal to score."
    )
    company_id: Annotated[int | None, COMPANY_OR_DEAL] = Field(
        None, gt=0, description="Or a company (its open deal is used)."
    )


@register(
    "qualify_lead",
    departments=SALES,
    effect=Effect.READ,
    args=QualifyLeadArgs,
    description="""Score a lead 0-100 with grade A/B/C/D, for an opportunity_id or a
company_id. Combines fit (35%), engagement over 90 days with recency decay (30%) and
qualification (35%: stage, BANT and MEDDIC completeness). Returns the components with
weights and a BANT and MEDDIC breakdown (met/partial/missing with evidence).""",
)
def _qualify_lead(scope: Scope, args: QualifyLeadArgs) -> dict[str, Any]:
    return qualify_lead(scope, args.opportunity_id, args.company_id, args.event_id)


class GenerateProposalArgs(ToolArgs):
    opportunity_id: int = Field(gt=0, description="The deal the proposal is for.")
    package_id: int | None = Field(None, gt=0, description="Package; default best budget match.")
    discount_pct: Decimal = Field(Decimal(0), ge=0, le=30, description="Percent off list price.")
    custom_terms: str | None = Field(None, min_length=1, description="Terms beyond the package.")


@register(
    "generate_proposal",
    departments=SALES,
    effect=Effect.DRAFT,
    args=GenerateProposalArgs,
    description="""Draft a personalised sponsorship proposal for an opportunity and save
it. Picks the package priced closest to the BANT budget (else the deal value) unless
package_id is given; applies discount_pct (0-30) and custom_terms. Returns the proposal
text and price; 'customised': true (with the reason) when the price deviates from list or
custom terms are added, which needs human approval before sending.""",
)
def _generate_proposal(scope: Scope, args: GenerateProposalArgs) -> dict[str, Any]:
    return generate_proposal(
        scope,
        proposal_template(),
        args.opportunity_id,
        args.package_id,
        args.discount_pct,
        args.custom_terms,
    )


class SendEmailArgs(ToolArgs):
    to: str = Field(min_length=3, max_length=254, description="Recipient email address.")
    subject: str = Field(min_length=1, max_length=300, description="Subject line.")
    body: str = Field(min_length=1, description="Plain-text body.")
    contact_id: int | None = Field(None, gt=0, description="The contact, when known.")
    opportunity_id: int | None = Field(None, gt=0, description="Deal this email is about.")
    proposal_id: int | None = Field(None, gt=0, description="Proposal this email sends.")

    _check_to = field_validator("to")(_email)


@register(
    "send_email",
    departments=SALES,
    effect=Effect.EXTERNAL,
    args=SendEmailArgs,
    description="""Send one email to a prospect (recorded in the outbox, sent once even
if retried). Refuses contacts who opted out or whose address bounced. Logs an email
activity and marks the contact contacted. Returns the outbox id and 'duplicate': true
when this exact email was already sent.""",
)
def _send_email(scope: Scope, args: SendEmailArgs) -> dict[str, Any]:
    return send_email(
        scope,
        key=action_key(scope, "send_email", args),
        to=args.to,
        subject=args.subject,
        body=args.body,
        contact_id=args.contact_id,
        opportunity_id=args.opportunity_id,
        proposal_id=args.proposal_id,
    )


INVITEE = exactly_one_of("contact_id", "attendee_email")


class ScheduleMeetingArgs(ToolArgs):
    start: datetime = Field(description="ISO start time, in the future; no zone means UTC.")
    duration_minutes: int = Field(30, ge=15, le=240, description="Length, 15-240 minutes.")
    title: str = Field(min_length=1, max_length=300, description="Meeting title.")
    contact_id: Annotated[int | None, INVITEE] = Field(
        None, gt=0, description="The contact to invite."
    )
    attendee_email: Annotated[str | None, INVITEE] = Field(
        None, description="Or an address to invite."
    )
    agenda: str | None = Field(None, description="Agenda, put in the invite description.")
    opportunity_id: int | None = Field(None, gt=0, description="Deal the meeting is about.")

    _check_attendee = field_validator("attendee_email")(_email)


@register(
    "schedule_meeting",
    departments=SALES,
    effect=Effect.EXTERNAL,
    args=ScheduleMeetingArgs,
    description="""Invite a contact (contact_id or attendee_email) to a meeting: builds
an RFC 5545 calendar invite (.ics), records it in the outbox once and logs a meeting
activity. Refuses opted-out or bounced contacts and start times in the past. Returns the
outbox id, start/end and the .ics text.""",
)
def _schedule_meeting(scope: Scope, args: ScheduleMeetingArgs) -> dict[str, Any]:
    return schedule_meeting(
        scope,
        key=action_key(scope, "schedule_meeting", args),
        start=args.start,
        duration_minutes=args.duration_minutes,
        title=args.title,
        contact_id=args.contact_id,
        attendee_email=args.attendee_email,
        agenda=args.agenda,
        opportunity_id=args.opportunity_id,
    )


CRM_CHANGES = one_of("stage", "next_step", "notes", "value", "probability")


class UpdateCrmArgs(ToolArgs):
    opportunity_id: int = Field(gt=0, description="The deal to update.")
    stage: Annotated[Stage | None, CRM_CHANGES] = Field(None, description="New pipeline stage.")
    next_step: Annotated[str | None, CRM_CHANGES] = Field(
        None, description="Replace the next step."
    )
    notes: Annotated[str | None, CRM_CHANGES] = Field(
        None, min_length=1, description="Text appended to the notes."
    )
    value: Annotated[Decimal | None, CRM_CHANGES] = Field(
        None, gt=0, description="New deal value in USD."
    )
    probability: Annotated[int | None, CRM_CHANGES] = Field(
        None, ge=0, le=100, description="Win probability, percent."
    )


@register(
    "update_crm",
    departments=SALES,
    effect=Effect.DRAFT,
    args=UpdateCrmArgs,
    description="""Update an opportunity: stage, next step, value, probability, and
append notes; logs a note activity. Returns each change from/to. Closing a deal
(closed_won/closed_lost) is applied with 'requires_human': true because a stage change past
negotiation needs a human. A closed deal cannot go back to prospect.""",
)
def _update_crm(scope: Scope, args: UpdateCrmArgs) -> dict[str, Any]:
    return update_crm(
        scope,
        args.opportunity_id,
        args.stage.value if args.stage else None,
        args.next_step,
        args.notes,
        args.value,
        args.probability,
    )


COMPANY_ID_OR_NAME = exactly_one_of("company_id", "company")


class FindContactsArgs(ToolArgs):
    company_id: Annotated[int | None, COMPANY_ID_OR_NAME] = Field(
        None, gt=0, description="The company."
    )
    company: Annotated[str | None, COMPANY_ID_OR_NAME] = Field(
        None, min_length=1, description="Or the company's name."
    )
    include_opted_out: bool = Field(False, description="Also list opted-out contacts.")
    limit: int = Field(10, ge=1, le=50, description="How many contacts to return.")


@register(
    "find_contacts",
    departments=(SALES, Department.RESEARCH),
    effect=Effect.READ,
    args=FindContactsArgs,
    description="""Find decision makers at a company (company_id or name), ranked by
seniority and how close their department is to buying sponsorships (marketing,
partnerships, events). Opted-out contacts are left out unless include_opted_out. Returns
name, title, seniority, email and email_status for each.""",
)
def _find_contacts(scope: Scope, args: FindContactsArgs) -> dict[str, Any]:
    return find_contacts(scope, args.company_id, args.company, args.include_opted_out, args.limit)


class ListPackagesArgs(EventArgs):
    pass


@register(
    "list_packages",
    departments=SALES,
    effect=Effect.READ,
    args=ListPackagesArgs,
    description="""List the event's sponsorship packages (Platinum, Gold, ...) with the list
price, the number of slots and what a sponsor gets (benefits such as a keynote slot, a
booth or passes), dearest first. Use it to answer what a package includes or costs.""",
)
def _list_packages(scope: Scope, args: ListPackagesArgs) -> dict[str, Any]:
    return list_packages(scope, args.event_id)


ENGAGED_CONTACT_OR_COMPANY = exactly_one_of("contact_id", "company_id")


class AnalyzeEngagementArgs(ToolArgs):
    contact_id: Annotated[int | None, ENGAGED_CONTACT_OR_COMPANY] = Field(
        None, gt=0, description="A contact..."
    )
    company_id: Annotated[int | None, ENGAGED_CONTACT_OR_COMPANY] = Field(
        None, gt=0, description="...or a company (all its contacts)."
    )
    days: int = Field(90, ge=1, le=365, description="Window in days.")


@register(
    "analyze_engagement",
    departments=SALES,
    effect=Effect.READ,
    args=AnalyzeEngagementArgs,
    description="""Analyse a contact's or company's engagement over a window (default
90 days): emails, opens, clicks, replies, meetings, web visits and downloads, a 0-100
engagement score, the trend (last 30 days vs the 30 before), the last touch, upcoming
meetings and the recommended next action.""",
)
def _analyze_engagement(scope: Scope, args: AnalyzeEngagementArgs) -> dict[str, Any]:
    return analyze_engagement(scope, args.contact_id, args.company_id, args.days)


class ReviewPipelineArgs(EventArgs):
    stage: Stage | None = Field(
        None, description="Only deals at this stage; omit for every open one."
    )
    limit: int = Field(20, ge=1, le=100, description="How many deals to list.")
    closing_from: date | None = Field(
        None, description="Only deals expected to close on or after this day (YYYY-MM-DD)."
    )
    closing_to: date | None = Field(
        None, description="Only deals expected to close on or before this day (YYYY-MM-DD)."
    )

    @model_validator(mode="after")
    def _window_in_order(self) -> ReviewPipelineArgs:
        if self.closing_from and self.closing_to and self.closing_from > self.closing_to:
            raise ValueError("closing_from must not be after closing_to")
        return self


@register(
    "review_pipeline",
    departments=SALES,
    effect=Effect.READ,
    args=ReviewPipelineArgs,
    description="""Review the sponsorship pipeline: the deals at one stage (prospect,
qualified, proposal, negotiation, closed_won, closed_lost) or every open deal, with how
many there are, their total and probability-weighted value, and each deal's value, close
date and next step, optionally only the deals expected to close in a window ("closing
next week"). Use it for questions about several deals at once.""",
)
def _review_pipeline(scope: Scope, args: ReviewPipelineArgs) -> dict[str, Any]:
    return review_pipeline(
        scope, args.stage, args.event_id, args.limit, args.closing_from, args.closing_to
    )
