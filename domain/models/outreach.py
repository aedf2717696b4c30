"""Outreach drafts, the follow-up schedule and the outbox of external actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantScoped, utcnow


class OutreachDraft(TenantScoped, Base):
    """A message an agent drafted for a contact (seed 001 agent_outreach_drafts)."""

    __tablename__ = "outreach_drafts"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunities.id", ondelete="SET NULL"), default=None
    )
    channel: Mapped[str] = mapped_column(String(16), default="email")
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text)
    personalization: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(
        String(20), default="draft", comment="draft | pending_approval | approved | sent | rejected"
    )
    created_by: Mapped[str] = mapped_column(String(32), default="sales")
    rejection_reason: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)


class FollowUp(TenantScoped, Base):
    """A scheduled follow-up to a contact (seed 001 agent_followup_schedule)."""

    __tablename__ = "followups"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    original_draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("outreach_drafts.id", ondelete="SET NULL"), default=None
    )
    scheduled_for: Mapped[datetime]
    followup_type: Mapped[str] = mapped_column(
        String(16), comment="reminder | value_add | escalation | check_in"
    )
    attempt: Mapped[int] = mapped_column(default=1)
    message_draft: Mapped[str | None] = mapped_column(Text, default=None)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    executed_at: Mapped[datetime | None] = mapped_column(default=None)
    outcome: Mapped[str | None] = mapped_column(
        Text, default=None, comment="What executing it did, or why it was skipped or cancelled."
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxMessage(Base):
    """An external action recorded exactly once under its idempotency key.

    Nothing leaves Switchboard except through this table: email, calendar invites,
    social posts, campaign sends, ticket resends, refunds. A transport (none by
    default; SMTP when configured) delivers rows in ``recorded`` state.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("tenant_id", "idempotency_key"),
        Index("ix_outbox_delivery_due", "delivery_status", "delivery_next_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    idempotency_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(
        String(24),
        comment="email | meeting_invite | social_post | email_campaign | ticket_resend | "
        "refund | reminder | escalation",
    )
    agent: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="recorded")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)
    delivery_status: Mapped[str | None] = mapped_column(
        String(16),
        default=None,
        comment="NULL: not delivered by mail | queued | sending | retry | delivered | "
        "suppressed | failed",
    )
    delivery_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    delivery_next_at: Mapped[datetime | None] = mapped_column(default=None)
    delivery_error: Mapped[str | None] = mapped_column(Text, default=None)
    message_id: Mapped[str | None] = mapped_column(String(200), default=None)
