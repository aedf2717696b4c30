"""Assistants, threads, thread states and runs in the server API's shapes.

The ``switchboard`` graph is the one assistant; its id is the UUID LangGraph's server
derives from the graph id, so a client may name it either way.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.types import StateSnapshot

from domain.models import RunRecord, ThreadRecord
from server.services.langgraph_api.serde import jsonable

GRAPH_ID = "switchboard"
ASSISTANT_ID = str(uuid.uuid5(uuid.UUID("6ba7b821-9dad-11d1-80b4-00c04fd430c8"), GRAPH_ID))
"""LangGraph's server names a graph's default assistant uuid5(its namespace, graph id)."""

SERVER_STARTED = datetime.now(UTC)

THREAD_STATUS = {"idle": "idle", "busy": "busy", "interrupted": "interrupted", "error": "error"}
RUN_STATUS = {
    "pending": "pending",  # waits for the thread's earlier runs (enqueue, on the queue)
    "queued": "pending",
    "running": "running",
    "done": "success",
    "interrupted": "success",  # ended waiting for approval: the run itself succeeded
    "error": "error",
    "cancelled": "interrupted",
}


def assistant() -> dict[str, Any]:
    """The ``switchboard`` graph's assistant."""
    stamp = SERVER_STARTED.isoformat()
    return {
        "assistant_id": ASSISTANT_ID,
        "graph_id": GRAPH_ID,
        "config": {},
        "context": {},
        "metadata": {"created_by": "system"},
        "name": GRAPH_ID,
        "created_at": stamp,
        "updated_at": stamp,
        "version": 1,
        "description": None,
    }


def is_assistant(assistant_id: str) -> bool:
    """Whether ``assistant_id`` names the one assistant (by its id or its graph's)."""
    return assistant_id in (ASSISTANT_ID, GRAPH_ID)


def _stamp(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def thread(record: ThreadRecord, snapshot: StateSnapshot | None) -> dict[str, Any]:
    """A thread with its status, values and pending interrupts."""
    values = jsonable(snapshot.values) if snapshot is not None and snapshot.values else None
    interrupts: dict[str, list[Any]] = {}
    if snapshot is not None:
        for task in snapshot.tasks:
            if task.interrupts:
                interrupts[task.id] = [jsonable(i) for i in task.interrupts]
    status = THREAD_STATUS.get(record.status, "idle")
    if status == "idle" and interrupts:
        status = "interrupted"
    metadata = {"graph_id": GRAPH_ID, "assistant_id": ASSISTANT_ID} if values else {}
    return {
        "thread_id": record.id,
        "created_at": _stamp(record.created_at),
        "updated_at": _stamp(record.updated_at),
        "state_updated_at": _stamp(record.updated_at),
        "metadata": metadata,
        "status": status,
        "config": {},
        "values": values,
        "interrupts": interrupts,
    }


def checkpoint(config: RunnableConfig | None) -> dict[str, Any] | None:
    """``{thread_id, checkpoint_ns, checkpoint_id}`` of a checkpoint's config."""
    configurable = (config or {}).get("configurable") or {}
    if not configurable.get("checkpoint_id"):
        return None
    return {
        "thread_id": configurable.get("thread_id"),
        "checkpoint_ns": configurable.get("checkpoint_ns", ""),
        "checkpoint_id": configurable["checkpoint_id"],
        "checkpoint_map": configurable.get("checkpoint_map"),
    }


def state(snapshot: StateSnapshot) -> dict[str, Any]:
    """A thread state: values, next nodes, tasks with their interrupts, checkpoint ids."""
    parent = checkpoint(snapshot.parent_config)
    current = checkpoint(snapshot.config)
    return {
        "values": jsonable(snapshot.values),
        "next": list(snapshot.next),
        "tasks": [
            {
                "id": task.id,
                "name": task.name,
                "path": jsonable(task.path),
                "error": str(task.error) if task.error else None,
                "interrupts": [jsonable(i) for i in task.interrupts],
                "checkpoint": None,
                "state": state(task.state) if isinstance(task.state, StateSnapshot) else None,
                "result": jsonable(task.result),
            }
            for task in snapshot.tasks
        ],
        "metadata": jsonable(snapshot.metadata or {}),
        "created_at": snapshot.created_at,
        "checkpoint": current,
        "parent_checkpoint": parent,
        "interrupts": [jsonable(i) for i in snapshot.interrupts],
        "checkpoint_id": current["checkpoint_id"] if current else None,
        "parent_checkpoint_id": parent["checkpoint_id"] if parent else None,
    }


def run(
    record: RunRecord | None,
    *,
    run_id: str,
    thread_id: str,
    status: str | None = None,
    kwargs: dict[str, Any] | None = None,
    multitask_strategy: str | None = None,
    created_at: datetime | None = None,
) -> dict[str, Any]:
    """A run: from its record, or (while it waits in the queue) from what is known."""
    if record is not None:
        status = status or RUN_STATUS.get(record.status, "error")
        created_at = created_at or record.started_at
        kwargs = kwargs or (record.input or {}).get("kwargs") or {}
        multitask_strategy = multitask_strategy or (record.input or {}).get("multitask_strategy")
    stamp = _stamp(created_at or datetime.now(UTC))
    updated = _stamp(record.finished_at) if record is not None and record.finished_at else stamp
    return {
        "run_id": run_id,
        "thread_id": thread_id,
        "assistant_id": ASSISTANT_ID,
        "created_at": stamp,
        "updated_at": updated,
        "status": status or "pending",
        "metadata": {"graph_id": GRAPH_ID, "assistant_id": ASSISTANT_ID},
        "kwargs": kwargs or {},
        "multitask_strategy": multitask_strategy or "reject",
    }
