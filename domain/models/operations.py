"""Deliverables, vendors and budget lines for running the event."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantScoped


class Vendor(TenantScoped, Base):
    """A supplier (catering, AV, venue...) whose confirmation operations chases."""

    __tablename__ = "vendors"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    service: Mapped[str] = mapped_column(String(64))
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(16), comment="confirmed | pending | cancelled")
    confirm_by: Mapped[date]
    contract_value: Mapped[Decimal]


class Deliverable(TenantScoped, Base):
    """A task someone owns with a due date."""

    __tablename__ = "deliverables"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    vendor_id: Mapped[int | None] = mapped_column(
        ForeignKey("vendors.id", ondelete="SET NULL"), default=None
    )
    title: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(64))
    owner_name: Mapped[str] = mapped_column(String(200))
    owner_email: Mapped[str] = mapped_column(String(254))
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(
        String(16), comment="not_started | in_progress | blocked | done"
    )
    completed_on: Mapped[date | None] = mapped_column(default=None)
    priority: Mapped[str] = mapped_column(String(8), default="medium")
    notes: Mapped[str] = mapped_column(Text, default="")


class BudgetLine(TenantScoped, Base):
    """Planned versus actual spend for one budget category."""

    __tablename__ = "budget_lines"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(64))
    planned: Mapped[Decimal]
    actual: Mapped[Decimal]
    committed: Mapped[Decimal] = mapped_column(default=Decimal(0))
    notes: Mapped[str] = mapped_column(Text, default="")
