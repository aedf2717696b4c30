"""The activity log and the agents' messages."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from server.schemas.common import UtcDateTime


class ActivityItem(BaseModel):
    """One audit event or run, newest first."""

    id: str = Field(description="'audit:<n>' or 'run:<id>'.")
    kind: Literal["audit", "run"]
    at: UtcDateTime
    event: str = Field(description="The audit event (requested, approved...) or run status.")
    agents: list[str]
    thread_id: str | None
    actor: str
    key_id: int | None = Field(default=None, description="The API key it was done for.")
    key_name: str | None = Field(default=None, description="That key's name.")
    person: str | None = Field(default=None, description="Who holds that key, if recorded.")
    summary: str
    detail: dict[str, Any]


class AgentMessageView(BaseModel):
    """One message between agents (or to the user)."""

    id: int
    from_agent: str
    to_agent: str
    message_type: str
    priority: str
    payload: dict[str, Any]
    requires_response: bool
    response_to_id: int | None
    thread_id: str | None
    created_at: UtcDateTime
    read_at: UtcDateTime | None
    responded_at: UtcDateTime | None
