"""Runs: starting one, its record, and the events a streamed run sends."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator
from pydantic_core import PydanticCustomError

from server.schemas.common import UtcDateTime
from server.schemas.request_body import RequestBody

RunStatus = Literal["queued", "running", "done", "interrupted", "error", "cancelled"]


class RunCreate(RequestBody):
    """A request for the supervisor, in plain words."""

    text: str = Field(min_length=1, max_length=20_000, examples=["daily insights"])

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise PydanticCustomError("blank", "the request is empty; say what you need")
        return value


class RunAccepted(BaseModel):
    """A run started in the background; poll ``GET /runs/{run_id}`` for its outcome."""

    run_id: str
    thread_id: str
    status: Literal["running"] = "running"


class TokenUsage(BaseModel):
    """Tokens the run's model calls used."""

    input: int
    output: int
    total: int


class RunView(BaseModel):
    """One run: status, timing, inputs, outputs, agents and tokens."""

    id: str
    thread_id: str
    kind: str = Field(description="run | resume")
    status: RunStatus | str
    input: dict[str, Any]
    output: dict[str, Any] | None
    agents: list[str]
    error: str | None
    actor: str
    tokens: TokenUsage
    started_at: UtcDateTime
    finished_at: UtcDateTime | None
    duration_ms: int | None
    live: bool = Field(description="The run executes in this server process now (cancellable).")
    cron_id: int | None = Field(
        default=None, description="The schedule that started the run; null for a typed request."
    )
