"""Per-agent metrics, with the definitions of each number."""

from __future__ import annotations

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
