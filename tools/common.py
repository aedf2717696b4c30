"""Argument pieces many tools share."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ToolArgs(BaseModel):
    """Base for every tool's arguments: unknown arguments are an error, not ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class EventArgs(ToolArgs):
    """Arguments for tools about one event (the next upcoming one by default)."""

    event_id: int | None = Field(
        default=None, gt=0, description="Event id; omit for the next upcoming event."
    )
