"""Results of the research tools the research brief reads."""

from __future__ import annotations

from typing import Any

from typing_extensions import TypedDict

from tools.results import TypedTool


class OpenOpportunity(TypedDict):
    """An open deal with the company."""

    opportunity_id: int
    name: str
    stage: str
    value: float
    probability: int


class CompanyProfile(TypedDict):
    """``research_company``: firmographics, signals, history, deals and why now."""

    company_id: int
    name: str
    industry: str
    size_band: str
    employees: int
    region: str
    country: str
    hq_city: str
    funding_stage: str
    is_target_account: bool
    signals: list[dict[str, Any]]
    sponsorship_history: list[dict[str, Any]]
    open_opportunities: list[OpenOpportunity]
    why_now: str


class ContactProfile(TypedDict):
    """``research_contact``: role, speaking, other events and talking points."""

    contact_id: int
    name: str
    title: str
    seniority: str
    email: str
    is_speaker: bool
    speaker_topics: list[str]
    external_events: list[dict[str, Any]]
    talking_points: list[str]


class EmailCheck(TypedDict):
    """``verify_email``: valid / risky / invalid, with reasons."""

    email: str
    status: str
    reasons: list[str]
    contactable: bool


class AttendingContact(TypedDict):
    """One of the company's people at an external event."""

    contact_id: int
    name: str
    role: str


class AttendingAccount(TypedDict):
    """A tracked company at an external event, and in which roles."""

    company_id: int
    name: str
    roles: list[str]
    contacts: list[AttendingContact]


class ExternalEvent(TypedDict):
    """Another organiser's event and the tracked accounts there."""

    external_event_id: int
    name: str
    starts_on: str
    city: str
    accounts: list[AttendingAccount]


class EventAttendance(TypedDict):
    """``find_event_attendance``: external events the tracked accounts attend."""

    accounts_tracked: int
    events: list[ExternalEvent]


RESEARCH_COMPANY = TypedTool("research_company", CompanyProfile)
RESEARCH_CONTACT = TypedTool("research_contact", ContactProfile)
VERIFY_EMAIL = TypedTool("verify_email", EmailCheck)
FIND_EVENT_ATTENDANCE = TypedTool("find_event_attendance", EventAttendance)
