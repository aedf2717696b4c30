"""Results of the sales tools the sponsor outreach playbook reads."""

from __future__ import annotations

from typing_extensions import TypedDict

from tools.results import TypedTool
from tools.results.common import EventRef


class OpenDeal(TypedDict):
    """A prospect's open opportunity for the event."""

    opportunity_id: int
    stage: str
    value: float


class SponsorProspect(TypedDict):
    """One company ranked by sponsor fit."""

    rank: int
    company_id: int
    name: str
    industry: str
    size_band: str
    region: str
    is_target_account: bool
    score: float
    reasons: list[str]
    open_opportunity: OpenDeal | None


class SponsorSearch(TypedDict):
    """``search_sponsors``: prospects for the event, best fit first."""

    event: EventRef
    considered: int
    matched: int
    prospects: list[SponsorProspect]


class LeadScore(TypedDict):
    """``qualify_lead``: the lead score (0-100), its grade and why."""

    score: float
    grade: str
    explanation: list[str]


class CompanyContact(TypedDict):
    """One contact at a company, best first for outreach."""

    contact_id: int
    name: str
    title: str
    seniority: str
    email: str
    email_status: str
    opted_out: bool
    relevance: int


class CompanyContacts(TypedDict):
    """``find_contacts``: a company's contacts, best first."""

    company_id: int
    company: str
    total: int
    contacts: list[CompanyContact]


class ProposalPackage(TypedDict):
    """The sponsorship package a proposal offers, and why it was chosen."""

    id: int
    name: str
    list_price: float
    why: str


class Proposal(TypedDict):
    """``generate_proposal``: the drafted proposal."""

    proposal_id: int
    opportunity_id: int
    company: str
    package: ProposalPackage
    amount: float
    discount_pct: float
    customised: bool
    status: str
    title: str
    body: str
    reused: bool
    """An identical draft from an earlier run was returned instead of a second copy."""


SEARCH_SPONSORS = TypedTool("search_sponsors", SponsorSearch)
QUALIFY_LEAD = TypedTool("qualify_lead", LeadScore)
FIND_CONTACTS = TypedTool("find_contacts", CompanyContacts)
GENERATE_PROPOSAL = TypedTool("generate_proposal", Proposal)
