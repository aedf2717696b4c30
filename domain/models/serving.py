"""API keys, threads and runs: what the service needs to know about its callers and work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, utcnow


class ApiKey(Base):
    """A tenant's API key; only its SHA-256 digest is stored.

    The role says what the key may do (``domain.roles``); ``person`` who holds it, so
    audit rows name a human. A rotated key is revoked and points at its successor.
    """

    __tablename__ = "api_keys"
    __table_args__ = (UniqueConstraint("key_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16), comment="Shown in listings to tell keys apart.")
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    role: Mapped[str] = mapped_column(
        String(16), default="viewer", comment="viewer | operator | approver | admin"
    )
    person: Mapped[str | None] = mapped_column(
        String(200), default=None, comment="Who holds the key, e.g. 'Ada <ada@example.com>'."
    )
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    replaced_by_id: Mapped[int | None] = mapped_column(
        default=None, comment="The key that replaced this one when it was rotated."
    )


class ThreadRecord(Base):
    """A conversation thread and the tenant that owns it (checkpoints hold its state)."""

    __tablename__ = "threads"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(
        String(16), default="idle", comment="idle | busy | interrupted | error | erased"
    )
    created_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RunRecord(Base):
    """One run of the supervisor on a thread: inputs, outcome, timing, tokens."""

    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    thread_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("threads.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(8), default="run", comment="run | resume | reopen")
    status: Mapped[str] = mapped_column(
        String(16),
        default="running",
        index=True,
        comment="queued | running | done | interrupted | error | cancelled",
    )
    worker_id: Mapped[str | None] = mapped_column(
        String(100),
        default=None,
        comment="The queue worker running it; NULL: queued, or run in the API process.",
    )
    input: Mapped[dict[str, Any]] = mapped_column(default=dict)
    output: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    agents: Mapped[list[Any]] = mapped_column(default=list)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    actor: Mapped[str] = mapped_column(String(100), default="")
    input_tokens: Mapped[int] = mapped_column(default=0)
    output_tokens: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    duration_ms: Mapped[int | None] = mapped_column(default=None)
    cron_id: Mapped[int | None] = mapped_column(
        ForeignKey("crons.id", ondelete="SET NULL"),
        default=None,
        index=True,
        comment="The schedule that started the run; NULL for a typed request.",
    )
