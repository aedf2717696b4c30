"""Typed messages between department agents (seed 001's agent communication protocol)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantScoped, utcnow


class MessageType(StrEnum):
    """Seed 001: request-response, notification, escalation."""

    REQUEST = "request"
    RESPONSE = "response"
    NOTIFICATION = "notification"
    ESCALATION = "escalation"


class AgentMessage(TenantScoped, Base):
    """One message from an agent to another agent, or to the user (``to_agent='user'``)."""

    __tablename__ = "agent_messages"

    from_agent: Mapped[str] = mapped_column(String(32), index=True)
    to_agent: Mapped[str] = mapped_column(String(32), index=True)
    message_type: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str] = mapped_column(String(8), default="medium")
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    requires_response: Mapped[bool] = mapped_column(default=False)
    response_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("agent_messages.id", ondelete="SET NULL"), default=None
    )
    thread_id: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(default=None)
    responded_at: Mapped[datetime | None] = mapped_column(default=None)
