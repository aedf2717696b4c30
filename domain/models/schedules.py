"""Per-tenant schedules (crons) and the record of each period they fired."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantScoped, utcnow


class CronKind(StrEnum):
    """What a cron asks for; each kind but ``request`` has a standard request text."""

    DAILY_OPERATIONS = "daily_operations"
    DAILY_INSIGHTS = "daily_insights"
    CAMPAIGN_OPTIMISATION = "campaign_optimisation"
    DUE_FOLLOWUPS = "due_followups"
    REQUEST = "request"


class Cron(TenantScoped, Base):
    """A request the tenant's agents run on a schedule (a cron expression in a time zone).

    ``next_run_at`` is the start of the next period to fire; a scheduler claims it by a
    conditional update in the same transaction as the period's ``cron_fires`` row, so
    two schedulers never fire one period twice.
    """

    __tablename__ = "crons"
    __table_args__ = (
        UniqueConstraint("tenant_id", "name"),
        Index("ix_crons_due", "paused", "next_run_at"),
    )

    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(
        String(24),
        comment="daily_operations | daily_insights | campaign_optimisation | due_followups "
        "| request",
    )
    schedule: Mapped[str] = mapped_column(
        String(120), comment="Cron expression, five fields (minute hour day month weekday)."
    )
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    request_text: Mapped[str] = mapped_column(Text, comment="What each run asks the supervisor.")
    paused: Mapped[bool] = mapped_column(default=False)
    next_run_at: Mapped[datetime]
    last_fired_at: Mapped[datetime | None] = mapped_column(default=None)
    last_run_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    created_key_id: Mapped[int | None] = mapped_column(
        default=None, comment="The API key that created it; its runs act for that key."
    )
    created_person: Mapped[str | None] = mapped_column(String(200), default=None)
    thread_id: Mapped[str | None] = mapped_column(
        ForeignKey("threads.id", ondelete="CASCADE"),
        default=None,
        index=True,
        comment="The thread every fire runs on; none: a new thread per fire.",
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CronFire(TenantScoped, Base):
    """One period of one cron, claimed once: the run it started, or why none was."""

    __tablename__ = "cron_fires"
    __table_args__ = (UniqueConstraint("cron_id", "scheduled_for"),)

    cron_id: Mapped[int] = mapped_column(ForeignKey("crons.id", ondelete="CASCADE"), index=True)
    scheduled_for: Mapped[datetime] = mapped_column(comment="The period's due time.")
    fired_at: Mapped[datetime] = mapped_column(comment="When a scheduler claimed it.")
    missed: Mapped[int] = mapped_column(
        default=0, comment="Later periods that were also due and fired with this one."
    )
    status: Mapped[str] = mapped_column(
        String(16), default="claimed", comment="claimed | started | skipped | failed"
    )
    run_id: Mapped[str | None] = mapped_column(String(64), default=None)
    thread_id: Mapped[str | None] = mapped_column(String(64), default=None)
    detail: Mapped[str | None] = mapped_column(Text, default=None)
