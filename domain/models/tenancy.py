"""Tenants and their per-agent configuration (seed 001's agent settings)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, utcnow


class Department(StrEnum):
    """The six department agents."""

    SALES = "sales"
    MARKETING = "marketing"
    OPERATIONS = "operations"
    SUPPORT = "support"
    ANALYTICS = "analytics"
    RESEARCH = "research"


class AutonomyMode(StrEnum):
    """How much an agent may do without a human (seed 000's CoAgent modes)."""

    FULL_AUTO = "full_auto"
    ASSISTED = "assisted"
    REVIEW_ONLY = "review_only"


class Tenant(Base):
    """A workspace; every business row belongs to exactly one."""

    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    snapshot_date: Mapped[date | None] = mapped_column(
        default=None, comment="Business 'today' for generated demo data; NULL for live tenants."
    )
    require_distinct_approver: Mapped[bool] = mapped_column(
        default=False, comment="Separation of duties: no key approves what it requested."
    )
    postal_address: Mapped[str | None] = mapped_column(
        Text,
        default=None,
        comment="Sender's physical postal address; CAN-SPAM requires it in every "
        "commercial email, so outreach is refused while it is NULL.",
    )
    automation_paused: Mapped[bool] = mapped_column(
        default=False,
        comment="Pause all automation: no cron fires and no follow-up is drafted while set.",
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgentConfig(Base):
    """One department agent's settings for one tenant."""

    __tablename__ = "agent_configs"
    __table_args__ = (UniqueConstraint("tenant_id", "agent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    agent: Mapped[str] = mapped_column(String(32))
    enabled: Mapped[bool] = mapped_column(default=True)
    autonomy_mode: Mapped[str] = mapped_column(String(16), default=AutonomyMode.ASSISTED)
    auto_approve: Mapped[bool] = mapped_column(default=False)
    max_daily_outreach: Mapped[int] = mapped_column(default=50)
    tone: Mapped[str] = mapped_column(String(32), default="professional")
    followup_delay_days: Mapped[int] = mapped_column(default=3)
    max_followups: Mapped[int] = mapped_column(default=3)
    max_daily_refund_per_customer: Mapped[Decimal] = mapped_column(
        default=Decimal("500.00"),
        server_default="500.00",
        comment="USD one customer may get back a day, all orders, before a human decides.",
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
