"""Crons: per-tenant schedules of requests, and the record of their fires."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from server.schemas.common import UtcDateTime
from server.schemas.request_body import RequestBody

CronKindName = Literal[
    "daily_operations", "daily_insights", "campaign_optimisation", "due_followups", "request"
]
NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"


class CronCreate(RequestBody):
    """A new schedule. Every kind but ``request`` has a standard request and schedule."""

    name: str = Field(
        pattern=NAME_PATTERN,
        description="1-64 lower-case letters, digits, '-' or '_'; unique in the tenant.",
        examples=["ops-morning"],
    )
    kind: CronKindName = Field(
        description="daily_operations (08:00), daily_insights (07:00), campaign_optimisation "
        "(every 4 hours), due_followups (hourly), or request (your own text)."
    )
    schedule: str | None = Field(
        default=None,
        min_length=1,
        max_length=120,
        description="Cron expression (minute hour day month weekday); default per kind.",
        examples=["0 8 * * 1-5"],
    )
    timezone: str = Field(
        default="UTC", min_length=1, max_length=64, description="IANA zone of the schedule."
    )
    request_text: str | None = Field(
        default=None,
        min_length=1,
        max_length=20_000,
        description="What each run asks; required for kind 'request'.",
    )
    paused: bool = Field(default=False, description="Create it paused.")


class CronUpdate(RequestBody):
    """What to change; a missing or null field stays. Resuming restarts from now."""

    paused: bool | None = Field(default=None, description="Pause (true) or resume (false).")
    schedule: str | None = Field(default=None, min_length=1, max_length=120)
    timezone: str | None = Field(default=None, min_length=1, max_length=64)
    request_text: str | None = Field(default=None, min_length=1, max_length=20_000)


class CronView(BaseModel):
    """A schedule and when it fires next."""

    id: int
    name: str
    kind: str
    schedule: str
    timezone: str
    request_text: str
    paused: bool
    automation_paused: bool = Field(
        description="The tenant paused all automation: nothing fires, whatever ``paused`` says."
    )
    next_run_at: UtcDateTime
    last_fired_at: UtcDateTime | None
    last_run_id: str | None
    created_by: str
    created_at: UtcDateTime


class CronFireView(BaseModel):
    """One period of a cron: the run it started, or why none was."""

    id: int
    scheduled_for: UtcDateTime
    fired_at: UtcDateTime
    missed: int = Field(description="Further periods that were due and fired with this one.")
    status: str = Field(description="claimed | started | skipped | failed")
    run_id: str | None
    thread_id: str | None
    detail: str | None
