"""Per-agent metrics, with the definitions of each number."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class AgentMetrics(BaseModel):
    """One department agent's numbers (definitions in ``MetricsReport.definitions``)."""

    agent: str
    tasks_completed: int
    tasks_failed: int
    messages_sent: int
    outbox_sent: int
    agent_messages_sent: int
    responses: int
    agent_responses: int
    email_replies: int
    response_rate: float | None = Field(description="responses / messages_sent; null if none.")
    tokens_used: int


class MetricsReport(BaseModel):
    """Every department agent's metrics."""

    agents: list[AgentMetrics]
    unattributed_tokens: int = Field(
        description="Tokens of runs that never reached a department (no route)."
    )
    definitions: dict[str, str]


class CumulativePoint(BaseModel):
    """Tickets sold by a number of days before the event, this edition beside the last."""

    days_out: int
    current: float | None
    reference: float | None


class TicketForecast(BaseModel):
    """Ticket sales so far against the forecast final count and its 80% interval."""

    event_id: int
    event: str
    as_of: date
    days_to_event: int
    sold_so_far: int
    target: int | None
    capacity: int
    point: int = Field(description="Forecast final net tickets.")
    low: int = Field(description="10th percentile of the simulated finals.")
    high: int = Field(description="90th percentile of the simulated finals.")
    method: str
    method_note: str
    probability_reach_target: float
    cumulative: list[CumulativePoint] = Field(description="Most recent last.")


class CampaignFunnel(BaseModel):
    """One campaign's funnel to date: reach, opens, clicks, conversions."""

    campaign_id: int
    name: str
    channel: str
    status: str
    delivered: int
    impressions: int
    opens: int
    clicks: int
    conversions: int
    revenue: float
    open_rate: float | None
    click_rate: float | None
    conversion_rate: float | None


class FunnelReport(BaseModel):
    """The campaign funnels of the next upcoming event (none when the tenant has no event)."""

    event_id: int | None
    event: str | None
    campaigns: list[CampaignFunnel]
