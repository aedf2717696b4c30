"""Data-protection records: suppressed addresses and erasure receipts (no personal data)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantScoped, utcnow


class Suppression(TenantScoped, Base):
    """An address that must never be contacted again, kept only as a keyed hash.

    After an erasure the address itself is gone; the hash lets outreach recognise the
    person if their address comes back (a purchased list, an enrichment) without
    storing it. Keeping it rests on legitimate interest: honouring the erasure
    (GDPR Art. 17 and 21) needs a way to tell the person apart.
    """

    __tablename__ = "suppressions"
    __table_args__ = (UniqueConstraint("tenant_id", "email_hash"),)

    email_hash: Mapped[str] = mapped_column(String(64), comment="HMAC-SHA256, hex")
    reason: Mapped[str] = mapped_column(String(32), default="erasure")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ErasureReceipt(TenantScoped, Base):
    """Proof that an erasure happened: when, by whom, how many rows of what, no personal data."""

    __tablename__ = "erasure_receipts"

    subject: Mapped[str] = mapped_column(
        String(80), index=True, comment="the person's pseudonym, erased:<hmac>"
    )
    requested_by: Mapped[str] = mapped_column(String(100))
    erased_at: Mapped[datetime] = mapped_column(default=utcnow)
    rows: Mapped[dict[str, Any]] = mapped_column(
        default=dict, comment="{table: rows changed}, plus checkpoint threads deleted"
    )
    threads: Mapped[list[Any]] = mapped_column(
        default=list, comment="ids of the threads whose checkpoints were deleted"
    )
