"""The approval queue, its audit trail, and the feedback agents learn from."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantScoped, utcnow


class Approval(TenantScoped, Base):
    """One action waiting for (or given) a human decision.

    Mirrors a pending interrupt so approvals can be listed across threads; the
    decision is written here, with its audit row, in one transaction.
    """

    __tablename__ = "approvals"
    __table_args__ = (UniqueConstraint("tenant_id", "thread_id", "action_id"),)

    thread_id: Mapped[str] = mapped_column(String(64), index=True)
    action_id: Mapped[str] = mapped_column(String(32))
    agent: Mapped[str] = mapped_column(String(32), index=True)
    tool: Mapped[str] = mapped_column(String(64))
    args: Mapped[dict[str, Any]] = mapped_column(default=dict)
    summary: Mapped[str] = mapped_column(Text, default="")
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(
        String(16),
        default="pending",
        index=True,
        comment="pending | approved | edited | rejected | responded",
    )
    decision: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    decided_by: Mapped[str | None] = mapped_column(String(100), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    executed_at: Mapped[datetime | None] = mapped_column(default=None)
    outbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox.id", ondelete="SET NULL"), default=None
    )
    result: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    requested_by: Mapped[str | None] = mapped_column(
        String(100), default=None, comment="Actor of the run that proposed the action."
    )
    requested_key_id: Mapped[int | None] = mapped_column(
        default=None, comment="API key of the run that proposed the action (None: CLI)."
    )
    requested_person: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(TenantScoped, Base):
    """Every policy outcome, decision and execution, append-only."""

    __tablename__ = "audit_log"

    approval_id: Mapped[int | None] = mapped_column(
        ForeignKey("approvals.id", ondelete="SET NULL"), default=None, index=True
    )
    thread_id: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    action_id: Mapped[str | None] = mapped_column(String(32), default=None)
    actor: Mapped[str] = mapped_column(String(100))
    key_id: Mapped[int | None] = mapped_column(
        default=None, comment="The API key the event was done for (None: CLI)."
    )
    key_name: Mapped[str | None] = mapped_column(String(100), default=None)
    person: Mapped[str | None] = mapped_column(String(200), default=None)
    event: Mapped[str] = mapped_column(
        String(24),
        comment="allowed | denied | requested | approved | edited | rejected | "
        "responded | executed | failed",
    )
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Feedback(TenantScoped, Base):
    """A human's reason for rejecting or editing an action; drafting reads it next time."""

    __tablename__ = "feedback"

    agent: Mapped[str] = mapped_column(String(32), index=True)
    tool: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), comment="rejected | edited")
    message: Mapped[str] = mapped_column(Text)
    approval_id: Mapped[int | None] = mapped_column(
        ForeignKey("approvals.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
