"""The graph's checkpoints narrowed to what a console shows (no prompts, no sub-agent chatter)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from langchain_core.messages import BaseMessage
from langgraph.types import StateSnapshot

from server.schemas.threads import (
    ActionView,
    CheckpointView,
    InterruptView,
    MessageView,
    ResultView,
    ThreadState,
)

ROLES = {"human": "user", "ai": "assistant", "system": "system", "tool": "tool"}


def thread_state(thread_id: str, snapshot: StateSnapshot) -> ThreadState:
    """The snapshot's values as a ``ThreadState``."""
    values: dict[str, Any] = snapshot.values if isinstance(snapshot.values, dict) else {}
    metadata = snapshot.metadata or {}
    return ThreadState(
        thread_id=thread_id,
        checkpoint_id=_checkpoint_id(snapshot.config),
        step=metadata.get("step"),
        created_at=_when(snapshot.created_at),
        next=list(snapshot.next),
        messages=[message_view(m) for m in values.get("messages", []) or []],
        request=str(values.get("request", "")),
        route=dict(values["route"]) if isinstance(values.get("route"), dict) else None,
        plan=[dict(step) for step in values.get("plan", []) or []],
        results=[result_view(r) for r in (values.get("results") or {}).values()],
        actions=[action_view(a) for a in (values.get("actions") or {}).values()],
        answer=str(values.get("answer", "")),
        interrupts=interrupt_views(snapshot),
    )


def message_view(message: BaseMessage) -> MessageView:
    """A message as role, plain-text content and name."""
    content = message.content
    if not isinstance(content, str):
        content = "".join(
            part if isinstance(part, str) else str(part.get("text", ""))
            for part in content
            if isinstance(part, str | dict)
        )
    return MessageView(
        role=ROLES.get(message.type, "assistant"),
        content=content,
        name=message.name,
    )


def result_view(result: dict[str, Any]) -> ResultView:
    """A department result without its bulky structured data."""
    return ResultView(
        step_id=str(result.get("step_id", "")),
        department=str(result.get("department", "")),
        playbook=result.get("playbook"),
        status=str(result.get("status", "")),
        summary=str(result.get("summary", "")),
        tools_used=list(result.get("tools_used", [])),
        pending_actions=len(result.get("pending_actions", []) or []),
    )


def action_view(outcome: dict[str, Any]) -> ActionView:
    """An action outcome: the proposal, its status and any message."""
    action = outcome.get("action", {}) or {}
    return ActionView(
        action_id=str(action.get("action_id", "")),
        department=str(action.get("department", "")),
        tool=str(action.get("tool", "")),
        args=dict(action.get("args", {}) or {}),
        summary=str(action.get("summary", "")),
        status=str(outcome.get("status", "")),
        message=outcome.get("message"),
    )


def interrupt_views(snapshot: StateSnapshot) -> list[InterruptView]:
    """The snapshot's pending interrupts in the HITL shape."""
    views = []
    for pending in snapshot.interrupts:
        value = pending.value if isinstance(pending.value, dict) else {}
        views.append(
            InterruptView(
                id=str(pending.id),
                action_requests=list(value.get("action_requests", [])),
                review_configs=list(value.get("review_configs", [])),
                action_ids=[str(a) for a in value.get("action_ids", [])],
            )
        )
    return views


def checkpoint_view(snapshot: StateSnapshot) -> CheckpointView:
    """One history entry."""
    metadata = snapshot.metadata or {}
    parent = snapshot.parent_config or {}
    return CheckpointView(
        checkpoint_id=_checkpoint_id(snapshot.config) or "",
        parent_checkpoint_id=_checkpoint_id(parent) if parent else None,
        step=metadata.get("step"),
        source=metadata.get("source"),
        next=list(snapshot.next),
        created_at=_when(snapshot.created_at),
        interrupted=bool(snapshot.interrupts),
    )


def _checkpoint_id(config: Any) -> str | None:
    configurable = (config or {}).get("configurable", {}) if isinstance(config, dict) else {}
    checkpoint_id = configurable.get("checkpoint_id")
    return str(checkpoint_id) if checkpoint_id else None


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
