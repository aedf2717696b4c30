"""Threads: their records, the graph state they hold and their checkpoint history."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from server.schemas.common import ID_PATTERN, UtcDateTime
from server.schemas.request_body import RequestBody

ThreadStatus = Literal["idle", "busy", "interrupted", "error", "recovering", "erased"]


class ThreadCreate(RequestBody):
    """A new thread; the server picks an id when none is given."""

    id: str | None = Field(
        default=None,
        pattern=ID_PATTERN,
        description="1-64 letters, digits, '-' or '_', starting with a letter or digit; "
        "default: a new UUID.",
    )
    title: str = Field(default="", max_length=200)


class ThreadView(BaseModel):
    """A thread record."""

    id: str
    title: str
    status: ThreadStatus | str = Field(
        description="idle | busy | interrupted | error | recovering (a process died with "
        "approved work unfinished; the next request or the start-up sweep finishes it)"
    )
    created_by: str
    created_at: UtcDateTime
    updated_at: UtcDateTime


class ThreadDetail(ThreadView):
    """A thread with counts of its runs and its approvals waiting for a decision."""

    runs: int
    pending_approvals: int
    last_run_id: str | None


class MessageView(BaseModel):
    """One conversation message."""

    role: Literal["user", "assistant", "system", "tool"]
    content: str
    name: str | None = None


class ResultView(BaseModel):
    """A department's narrow result for the current request."""

    step_id: str
    department: str
    playbook: str | None
    status: str
    summary: str
    tools_used: list[str]
    pending_actions: int


class ActionView(BaseModel):
    """What became of one external action the departments proposed."""

    action_id: str
    department: str
    tool: str
    args: dict[str, Any]
    summary: str
    status: str
    message: str | None = None


class InterruptView(BaseModel):
    """A pending interrupt: the actions waiting for a human (LangChain HITL shape)."""

    id: str
    action_requests: list[dict[str, Any]]
    review_configs: list[dict[str, Any]]
    action_ids: list[str]


class ThreadState(BaseModel):
    """The thread's latest checkpoint, narrowed to what a console shows."""

    thread_id: str
    checkpoint_id: str | None
    step: int | None
    created_at: UtcDateTime | None
    next: list[str] = Field(description="Nodes that run next; empty when the run finished.")
    messages: list[MessageView]
    request: str
    route: dict[str, Any] | None = Field(description="Departments chosen and how.")
    plan: list[dict[str, Any]]
    results: list[ResultView]
    actions: list[ActionView]
    answer: str
    interrupts: list[InterruptView]


class CheckpointView(BaseModel):
    """One checkpoint of the thread's history, newest first."""

    checkpoint_id: str
    parent_checkpoint_id: str | None
    step: int | None
    source: str | None = Field(description="input | loop | update | fork")
    next: list[str]
    created_at: UtcDateTime | None
    interrupted: bool = Field(description="The thread waited for a human at this checkpoint.")
