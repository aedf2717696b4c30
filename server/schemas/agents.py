"""Department agents: their tools and their seed 001 configuration."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from server.schemas.common import UtcDateTime
from server.schemas.request_body import RequestBody

AgentName = Literal["sales", "marketing", "operations", "support", "analytics", "research"]
"""The six department agents."""
AutonomyModeName = Literal["full_auto", "assisted", "review_only"]
ToneName = Literal["professional", "friendly", "casual"]


class ToolView(BaseModel):
    """One tool an agent may call."""

    name: str
    effect: Literal["read", "draft", "external"] = Field(
        description="read changes nothing; draft writes internal records; external reaches "
        "someone outside and goes through approval and the outbox."
    )
    description: str = Field(description="The first line of the tool's description.")
    args_schema: dict[str, Any] = Field(
        default_factory=dict,
        description="JSON schema of the tool's arguments (the console builds its edit form "
        "from it; an edit is checked against the same model).",
    )


class AgentView(BaseModel):
    """A department agent as the console shows it."""

    agent: str
    enabled: bool
    autonomy_mode: AutonomyModeName
    auto_approve: bool
    max_daily_outreach: int
    tone: str
    followup_delay_days: int
    max_followups: int
    max_daily_refund_per_customer: float = Field(
        description="USD one customer may get back a day across all orders before a human "
        "decides (the support agent's refunds)."
    )
    updated_at: UtcDateTime | None = Field(
        description="When the configuration last changed; null while on defaults."
    )
    tools: list[ToolView]


class AgentConfigUpdate(RequestBody):
    """Settings to change; a missing or null field leaves that setting as it is.

    Types are strict: ``"yes"`` is not a boolean and ``"5"`` is not a number (422).
    """

    enabled: bool | None = Field(default=None, description="A disabled agent is denied actions.")
    autonomy_mode: AutonomyModeName | None = Field(
        default=None,
        description="full_auto acts within thresholds; assisted asks before external "
        "actions; review_only asks before every change.",
    )
    auto_approve: bool | None = Field(
        default=None, description="Approve the agent's drafts without a human."
    )
    max_daily_outreach: int | None = Field(
        default=None, ge=0, le=1000, description="Most outreach emails a day (0 to 1000)."
    )
    tone: ToneName | None = Field(default=None, description="Tone of drafted messages.")
    followup_delay_days: int | None = Field(
        default=None, ge=1, le=60, description="Days before a follow-up (1 to 60)."
    )
    max_followups: int | None = Field(
        default=None, ge=0, le=10, description="Follow-ups before escalating (0 to 10)."
    )
    max_daily_refund_per_customer: Decimal | None = Field(
        default=None,
        ge=0,
        le=1_000_000,
        decimal_places=2,
        description="Refunds (USD) one customer may get back a day, all orders together, "
        "before a human decides (0 to 1,000,000).",
    )
