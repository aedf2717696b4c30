"""The event, its tickets, orders, attendees and refunds, and daily web traffic."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from domain.base import Base, TenantScoped, utcnow
from domain.mailboxes import mailbox_domain


class Event(TenantScoped, Base):
    """A conference; ``previous_edition_id`` links last year's for comparison."""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    sales_open_on: Mapped[date]
    venue: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    capacity: Mapped[int]
    ticket_target: Mapped[int]
    revenue_target: Mapped[Decimal]
    budget_total: Mapped[Decimal]
    topics: Mapped[list[Any]] = mapped_column(default=list)
    audience_industries: Mapped[list[Any]] = mapped_column(default=list)
    previous_edition_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), default=None
    )
    refund_full_days_before: Mapped[int] = mapped_column(
        default=30, comment="Full refund when requested at least this many days before."
    )
    refund_partial_days_before: Mapped[int] = mapped_column(default=14)
    refund_partial_pct: Mapped[int] = mapped_column(default=50)
    transfer_cutoff_days_before: Mapped[int] = mapped_column(default=1)


class TicketType(TenantScoped, Base):
    """A price point (early bird, standard, VIP...)."""

    __tablename__ = "ticket_types"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    price: Mapped[Decimal]
    quota: Mapped[int]


class Order(TenantScoped, Base):
    """A ticket purchase; ``number`` is what attendees quote (ORD-10001)."""

    __tablename__ = "orders"
    __table_args__ = (UniqueConstraint("tenant_id", "number"),)

    number: Mapped[str] = mapped_column(String(32))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    ticket_type_id: Mapped[int] = mapped_column(ForeignKey("ticket_types.id"))
    buyer_name: Mapped[str] = mapped_column(String(200))
    buyer_email: Mapped[str] = mapped_column(String(254), index=True)
    quantity: Mapped[int]
    amount: Mapped[Decimal]
    status: Mapped[str] = mapped_column(
        String(24), default="paid", comment="paid | partially_refunded | refunded | cancelled"
    )
    channel: Mapped[str] = mapped_column(String(32), default="direct")
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), default=None
    )
    placed_at: Mapped[datetime]
    cancelled_at: Mapped[datetime | None] = mapped_column(default=None)

    attendees: Mapped[list[Attendee]] = relationship(back_populates="order")


Index("ix_orders_tenant_number_upper", Order.tenant_id, func.upper(Order.number))
"""Serves ``find_order``'s case-insensitive lookup, which otherwise reads every order of
the tenant (1.7 ms of CPU per lookup on the demo's 11k orders; a refund run makes two)."""

Index("ix_orders_tenant_buyer_domain", Order.tenant_id, mailbox_domain(Order.buyer_email))
"""Serves the refund policy's lookup of a customer's orders (``indexed_mailbox_candidates``),
which otherwise evaluates a suffix match on every order of the tenant (3.5 ms per run)."""


class Attendee(TenantScoped, Base):
    """One ticket holder; transfers append to ``transfer_history``."""

    __tablename__ = "attendees"
    __table_args__ = (UniqueConstraint("tenant_id", "ticket_code"),)

    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), index=True)
    ticket_code: Mapped[str] = mapped_column(String(32))
    company: Mapped[str | None] = mapped_column(String(200), default=None)
    job_title: Mapped[str | None] = mapped_column(String(200), default=None)
    industry: Mapped[str | None] = mapped_column(String(100), default=None)
    transfer_history: Mapped[list[Any]] = mapped_column(default=list)

    order: Mapped[Order] = relationship(back_populates="attendees")


class Refund(TenantScoped, Base):
    """Money returned on an order, under the event's refund policy."""

    __tablename__ = "refunds"

    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal]
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="processed")
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(default=None)


class TrafficDaily(TenantScoped, Base):
    """Event-site traffic for one day (sessions, checkout starts)."""

    __tablename__ = "traffic_daily"
    __table_args__ = (UniqueConstraint("event_id", "day"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    day: Mapped[date]
    sessions: Mapped[int]
    page_views: Mapped[int]
    checkout_starts: Mapped[int]
