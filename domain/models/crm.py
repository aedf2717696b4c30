"""Companies, contacts, sponsors, packages, proposals, opportunities and activities."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantScoped, utcnow


class Stage(StrEnum):
    """Opportunity stages, in pipeline order."""

    PROSPECT = "prospect"
    QUALIFIED = "qualified"
    PROPOSAL = "proposal"
    NEGOTIATION = "negotiation"
    CLOSED_WON = "closed_won"
    CLOSED_LOST = "closed_lost"


class Company(TenantScoped, Base):
    """An account, with firmographics and dated buying signals."""

    __tablename__ = "companies"
    __table_args__ = (UniqueConstraint("tenant_id", "domain"),)

    name: Mapped[str] = mapped_column(String(200), index=True)
    domain: Mapped[str] = mapped_column(String(200))
    industry: Mapped[str] = mapped_column(String(100), index=True)
    size_band: Mapped[str] = mapped_column(String(16), comment="1-50 | 51-200 | ... | 10000+")
    employees: Mapped[int]
    annual_revenue: Mapped[Decimal] = mapped_column(Numeric(16, 0), comment="USD")
    region: Mapped[str] = mapped_column(String(16), comment="Americas | EMEA | APAC")
    country: Mapped[str] = mapped_column(String(64))
    hq_city: Mapped[str] = mapped_column(String(100))
    funding_stage: Mapped[str] = mapped_column(String(32))
    tech_stack: Mapped[list[Any]] = mapped_column(default=list)
    signals: Mapped[list[Any]] = mapped_column(
        default=list, comment="[{type, date, detail}] e.g. funding, hiring, product launch"
    )
    description: Mapped[str] = mapped_column(Text, default="")
    is_target_account: Mapped[bool] = mapped_column(default=False)
    marketing_budget: Mapped[Decimal] = mapped_column(default=Decimal(0))


class Contact(TenantScoped, Base):
    """A person at a company; email status and opt-out gate any outreach."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("tenant_id", "email"),)

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    email_status: Mapped[str] = mapped_column(
        String(16), default="unknown", comment="verified | unverified | bounced | unknown"
    )
    title: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(64))
    seniority: Mapped[str] = mapped_column(
        String(16), comment="ic | manager | director | vp | c_level"
    )
    linkedin_url: Mapped[str | None] = mapped_column(String(300), default=None)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    opted_out: Mapped[bool] = mapped_column(default=False)
    opted_out_at: Mapped[datetime | None] = mapped_column(default=None)
    is_speaker: Mapped[bool] = mapped_column(default=False)
    speaker_topics: Mapped[list[Any]] = mapped_column(default=list)
    bio: Mapped[str] = mapped_column(Text, default="")
    outreach_status: Mapped[str] = mapped_column(
        String(24), default="none", comment="none | contacted | responded | meeting | declined"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class SponsorshipPackage(TenantScoped, Base):
    """A defined package; anything priced outside these is a customisation."""

    __tablename__ = "sponsorship_packages"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    price: Mapped[Decimal]
    slots: Mapped[int]
    benefits: Mapped[list[Any]] = mapped_column(default=list)


class Sponsor(TenantScoped, Base):
    """A company's sponsorship of an event (current or past edition)."""

    __tablename__ = "sponsors"
    __table_args__ = (UniqueConstraint("event_id", "company_id"),)

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    package_id: Mapped[int | None] = mapped_column(
        ForeignKey("sponsorship_packages.id", ondelete="SET NULL"), default=None
    )
    status: Mapped[str] = mapped_column(String(16), comment="confirmed | pending | past")
    amount: Mapped[Decimal]
    satisfaction: Mapped[int | None] = mapped_column(default=None, comment="1-5 after the event")


class Opportunity(TenantScoped, Base):
    """A sponsorship deal in the pipeline, with its BANT and MEDDIC evidence."""

    __tablename__ = "opportunities"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    primary_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), default=None
    )
    package_id: Mapped[int | None] = mapped_column(
        ForeignKey("sponsorship_packages.id", ondelete="SET NULL"), default=None
    )
    name: Mapped[str] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(16), default=Stage.PROSPECT, index=True)
    value: Mapped[Decimal]
    probability: Mapped[int] = mapped_column(default=10, comment="percent")
    expected_close: Mapped[date | None] = mapped_column(default=None)
    owner: Mapped[str] = mapped_column(String(100), default="sales_agent")
    next_step: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    lost_reason: Mapped[str | None] = mapped_column(Text, default=None)
    bant: Mapped[dict[str, Any]] = mapped_column(
        default=dict, comment="budget (USD), authority (bool), need (str), timeline (date)"
    )
    meddic: Mapped[dict[str, Any]] = mapped_column(
        default=dict,
        comment="metrics, economic_buyer, decision_criteria, decision_process, "
        "identify_pain, champion: each bool",
    )
    followups_sent: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Proposal(TenantScoped, Base):
    """A sponsorship proposal generated for an opportunity."""

    __tablename__ = "proposals"

    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    package_id: Mapped[int] = mapped_column(ForeignKey("sponsorship_packages.id"))
    amount: Mapped[Decimal]
    discount_pct: Mapped[Decimal] = mapped_column(default=Decimal(0))
    custom_terms: Mapped[str | None] = mapped_column(Text, default=None)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Activity(TenantScoped, Base):
    """An email, call, meeting, note or web visit, with engagement counters."""

    __tablename__ = "activities"

    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True, default=None
    )
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True, default=None
    )
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunities.id", ondelete="SET NULL"), default=None
    )
    kind: Mapped[str] = mapped_column(
        String(16), comment="email | call | meeting | note | web_visit | download"
    )
    direction: Mapped[str] = mapped_column(String(8), default="outbound")
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    occurred_at: Mapped[datetime]
    opens: Mapped[int] = mapped_column(default=0)
    clicks: Mapped[int] = mapped_column(default=0)
    replied: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(String(32), default="human")


class ExternalEvent(TenantScoped, Base):
    """Another organiser's event that contacts speak at or attend (research signal)."""

    __tablename__ = "external_events"

    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    city: Mapped[str] = mapped_column(String(100))
    topic: Mapped[str] = mapped_column(String(100))


class ExternalEventAttendance(TenantScoped, Base):
    """A contact's presence at an external event, as speaker, sponsor or attendee."""

    __tablename__ = "external_event_attendance"
    __table_args__ = (UniqueConstraint("external_event_id", "contact_id"),)

    external_event_id: Mapped[int] = mapped_column(
        ForeignKey("external_events.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16), comment="speaker | sponsor | attendee")
