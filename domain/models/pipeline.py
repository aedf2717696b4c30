"""The lead pipeline's record: one row per lead and stage (seed 002's lead.* events)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantScoped, utcnow


class LeadPipelineStep(TenantScoped, Base):
    """A stage of one lead: done once (its unique key), or failed and waiting for a retry.

    The unique (tenant, contact, stage) key is what makes a redelivered event harmless:
    a consumer that finds the stage done does not do it again.
    """

    __tablename__ = "lead_pipeline_steps"
    __table_args__ = (
        UniqueConstraint("tenant_id", "contact_id", "stage"),
        Index("ix_lead_pipeline_steps_status", "status", "updated_at"),
    )

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(16), comment="sourced | enriched | verified | scored")
    status: Mapped[str] = mapped_column(String(16), comment="done | failed")
    advance: Mapped[bool] = mapped_column(
        default=True, comment="whether the lead goes on to the next stage (not when uncontactable)"
    )
    attempts: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    consumer: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
