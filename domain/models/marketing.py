"""Campaigns, content, scheduled posts, per-recipient sends and daily metrics."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantScoped, utcnow


class Campaign(TenantScoped, Base):
    """A marketing campaign for an event on one channel."""

    __tablename__ = "campaigns"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(16), comment="email | social | paid | whatsapp")
    status: Mapped[str] = mapped_column(String(16), default="active")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    budget: Mapped[Decimal]
    audience: Mapped[dict[str, Any]] = mapped_column(default=dict)
    goal: Mapped[str] = mapped_column(String(200), default="ticket sales")


class ContentItem(TenantScoped, Base):
    """A piece of copy: email, social post, landing section or call to action."""

    __tablename__ = "content_items"

    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True, default=None
    )
    kind: Mapped[str] = mapped_column(
        String(16), comment="email | social | landing | cta | subject"
    )
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    variant: Mapped[str | None] = mapped_column(String(8), default=None)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_by: Mapped[str] = mapped_column(String(32), default="human")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScheduledPost(TenantScoped, Base):
    """A social post queued for a platform at a time."""

    __tablename__ = "scheduled_posts"

    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True, default=None
    )
    content_id: Mapped[int | None] = mapped_column(
        ForeignKey("content_items.id", ondelete="SET NULL"), default=None
    )
    platform: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    scheduled_for: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    outbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox.id", ondelete="SET NULL"), default=None
    )


class CampaignSend(TenantScoped, Base):
    """One campaign email to one contact and what the contact did with it."""

    __tablename__ = "campaign_sends"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    variant: Mapped[str] = mapped_column(String(8), default="A")
    subject: Mapped[str] = mapped_column(String(300))
    sent_at: Mapped[datetime]
    opened_at: Mapped[datetime | None] = mapped_column(default=None)
    clicked_at: Mapped[datetime | None] = mapped_column(default=None)
    converted: Mapped[bool] = mapped_column(default=False)
    unsubscribed: Mapped[bool] = mapped_column(default=False)


class CampaignDailyMetric(TenantScoped, Base):
    """A campaign's totals for one day."""

    __tablename__ = "campaign_daily_metrics"
    __table_args__ = (UniqueConstraint("campaign_id", "day"),)

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date]
    impressions: Mapped[int] = mapped_column(default=0)
    sent: Mapped[int] = mapped_column(default=0)
    delivered: Mapped[int] = mapped_column(default=0)
    opens: Mapped[int] = mapped_column(default=0)
    clicks: Mapped[int] = mapped_column(default=0)
    engagements: Mapped[int] = mapped_column(default=0)
    conversions: Mapped[int] = mapped_column(default=0)
    unsubscribes: Mapped[int] = mapped_column(default=0)
    spend: Mapped[Decimal] = mapped_column(default=Decimal(0))
    revenue: Mapped[Decimal] = mapped_column(default=Decimal(0))
