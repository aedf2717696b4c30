"""Threads of the server API on the console's thread records and the graph's checkpoints.

A thread's record (tenant, status, times) is the console's; its values, next nodes,
tasks and interrupts are the checkpointer's. Thread ids are global, so a taken id is
the same conflict whoever holds it (it reveals nothing about another tenant).
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from langchain_core.messages import convert_to_messages
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy import func, select

from adapters.graph_threads import in_graph_thread
from adapters.thread_locks import thread_lock
from domain import runs
from domain.errors import ConflictError, InvalidArgumentError, NotFoundError
from domain.models import Approval, ThreadRecord
from graphs.context import Context
from server.auth import Principal
from server.runtime import AppRuntime
from server.schemas.langgraph_api import HistoryQuery, StateUpdate, ThreadCreate, ThreadSearch
from server.schemas.threads import ThreadCreate as ConsoleThreadCreate
from server.services.langgraph_api import shapes
from server.services.langgraph_api.runs import live_on, thread_busy
from server.services.thread_queries import create_thread


def _config(thread_id: str, checkpoint_id: str | None = None, ns: str = "") -> RunnableConfig:
    configurable: dict[str, Any] = {"thread_id": thread_id, "checkpoint_ns": ns}
    if checkpoint_id:
        configurable["checkpoint_id"] = checkpoint_id
    return {"configurable": configurable}


def _record(runtime: AppRuntime, principal: Principal, thread_id: str) -> ThreadRecord:
    with runtime.services.scope(principal.tenant_id, actor=principal.actor) as scope:
        record = runs.owned_thread(scope, thread_id)
        scope.session.expunge(record)
        return record


async def owned(runtime: AppRuntime, principal: Principal, thread_id: str) -> ThreadRecord:
    """The caller's thread record, or NotFoundError."""
    return await asyncio.to_thread(_record, runtime, principal, thread_id)


async def view(runtime: AppRuntime, record: ThreadRecord) -> dict[str, Any]:
    """The thread with its current values and interrupts."""
    snapshot = await runtime.graph.aget_state(_config(record.id))
    shown = shapes.thread(record, snapshot)
    if live_on(runtime, record.id):
        shown["status"] = "busy"
    return shown


async def create(runtime: AppRuntime, principal: Principal, body: ThreadCreate) -> dict[str, Any]:
    """A new thread (``if_exists="do_nothing"`` answers the caller's existing one).

    Raises:
        ConflictError: the id is taken (``if_exists="raise"``, or by another tenant).
    """
    thread_id = body.thread_id or str(uuid.uuid4())

    def make() -> ThreadRecord:
        with runtime.services.scope(
            principal.tenant_id, actor=principal.actor, caller=principal.caller
        ) as scope:
            if body.thread_id and body.if_exists == "do_nothing":
                with_id = scope.session.get(ThreadRecord, thread_id)
                if with_id is not None and with_id.tenant_id == scope.tenant_id:
                    scope.session.expunge(with_id)
                    return with_id
            create_thread(scope, ConsoleThreadCreate(id=thread_id))
            record = runs.owned_thread(scope, thread_id)
            scope.session.flush()
            scope.session.refresh(record)
            scope.session.expunge(record)
            return record

    return await view(runtime, await asyncio.to_thread(make))


async def search(runtime: AppRuntime, principal: Principal, body: ThreadSearch) -> list[Any]:
    """The caller's threads matching the filters, newest first unless sorted otherwise."""
    wanted_meta = body.metadata or {}
    derived = {"graph_id": shapes.GRAPH_ID, "assistant_id": shapes.ASSISTANT_ID}
    if any(derived.get(k) != v for k, v in wanted_meta.items()):
        return []  # metadata other than the graph's is not kept

    def rows() -> list[ThreadRecord]:
        with runtime.services.scope(principal.tenant_id, actor=principal.actor) as scope:
            query = select(ThreadRecord).where(ThreadRecord.tenant_id == scope.tenant_id)
            if body.ids is not None:
                query = query.where(ThreadRecord.id.in_(body.ids))
            column = getattr(ThreadRecord, body.sort_by or "created_at", ThreadRecord.created_at)
            if body.sort_by == "thread_id":
                column = ThreadRecord.id
            order = column.asc() if body.sort_order == "asc" else column.desc()
            query = query.order_by(order, ThreadRecord.id.desc())
            if body.status is None and body.values is None and not wanted_meta:
                query = query.limit(body.limit).offset(body.offset)
            found = list(scope.session.scalars(query))
            for record in found:
                scope.session.expunge(record)
            return found

    shown = [await view(runtime, record) for record in await asyncio.to_thread(rows)]
    if wanted_meta:
        shown = [t for t in shown if t["values"]]
    if body.status is not None:
        shown = [t for t in shown if t["status"] == body.status]
    if body.values:
        shown = [
            t
            for t in shown
            if all((t["values"] or {}).get(k) == v for k, v in (body.values or {}).items())
        ]
    if body.status is not None or body.values is not None or wanted_meta:
        shown = shown[body.offset : body.offset + body.limit]
    return shown


async def state(
    runtime: AppRuntime, thread_id: str, checkpoint_id: str | None = None, ns: str = ""
) -> dict[str, Any]:
    """The thread's state (at a checkpoint, when given)."""
    snapshot = await runtime.graph.aget_state(_config(thread_id, checkpoint_id, ns))
    if checkpoint_id and not snapshot.config.get("configurable", {}).get("checkpoint_id"):
        raise NotFoundError("checkpoint", checkpoint_id, argument="checkpoint_id")
    return shapes.state(snapshot)


async def history(runtime: AppRuntime, thread_id: str, query: HistoryQuery) -> list[Any]:
    """The thread's checkpoints, newest first."""
    ns = str((query.checkpoint or {}).get("checkpoint_ns") or "")
    before = query.before_id()
    return [
        shapes.state(snapshot)
        async for snapshot in runtime.graph.aget_state_history(
            _config(thread_id, ns=ns),
            filter=query.metadata or None,
            before=_config(thread_id, before, ns) if before else None,
            limit=query.limit,
        )
    ]


async def update_state(
    runtime: AppRuntime, context: Context, thread_id: str, body: StateUpdate
) -> dict[str, Any]:
    """Add messages to a thread that waits for nothing, as a checkpoint of its own.

    Only ``messages`` may be written: plans, actions and results come from the graph's
    own nodes, so a state update can never approve or add an action.

    Raises:
        ConflictError: the thread runs, or waits for approvals.
        InvalidArgumentError: other values than messages, or an ``as_node``.
    """
    values = body.values
    if not isinstance(values, dict) or set(values) != {"messages"}:
        raise InvalidArgumentError(
            "values",
            "only {'messages': [...]} can be written to a thread's state; plans, actions "
            "and approvals come from the graph",
        )
    if body.as_node is not None:
        raise InvalidArgumentError("as_node", "as_node is not supported: updates add messages")
    try:
        messages = convert_to_messages(values["messages"])
    except (ValueError, TypeError, NotImplementedError) as exc:
        raise InvalidArgumentError("values", f"values.messages cannot be read: {exc}") from None
    if await thread_busy(runtime, thread_id):
        raise ConflictError(f"thread {thread_id} is running; update its state when it is idle")
    checkpoint_id = body.checkpoint_id or (body.checkpoint or {}).get("checkpoint_id")

    def update() -> dict[str, Any]:
        with thread_lock(runtime.services.engine, thread_id):
            config = _config(thread_id, str(checkpoint_id) if checkpoint_id else None)
            snapshot = runtime.graph.get_state(config)
            if snapshot.interrupts:
                raise ConflictError(
                    f"thread {thread_id} is waiting for approval of its actions; decide "
                    "them (a run with command.resume) before changing its state"
                )
            written = runtime.graph.update_state(config, {"messages": messages}, as_node="respond")
            configurable = dict(written.get("configurable") or {})
            return {
                "checkpoint": shapes.checkpoint(written),
                "checkpoint_id": configurable.get("checkpoint_id"),
                "configurable": configurable,
            }

    return await in_graph_thread(update)


async def delete(runtime: AppRuntime, principal: Principal, thread_id: str) -> None:
    """Delete the thread's checkpoints and record (and its runs' records).

    Raises:
        ConflictError: the thread runs, or has actions waiting for approval.
    """

    def remove() -> None:
        with thread_lock(runtime.services.engine, thread_id):
            with runtime.services.scope(principal.tenant_id, actor=principal.actor) as scope:
                record = runs.owned_thread(scope, thread_id)
                pending = scope.session.scalar(
                    select(func.count()).where(
                        Approval.tenant_id == scope.tenant_id,
                        Approval.thread_id == thread_id,
                        Approval.status == "pending",
                    )
                )
                if pending:
                    raise ConflictError(
                        f"thread {thread_id} has {pending} action(s) waiting for approval; "
                        "decide them before deleting it"
                    )
                scope.session.delete(record)
            saver = runtime.graph.checkpointer
            if isinstance(saver, BaseCheckpointSaver):
                saver.delete_thread(thread_id)

    if await thread_busy(runtime, thread_id):
        raise ConflictError(f"thread {thread_id} is running; cancel its run first")
    await in_graph_thread(remove)
