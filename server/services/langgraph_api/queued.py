"""Server API runs on the run queue (``SWITCHBOARD_REDIS_URL`` set): workers run them.

The API process checks the request, records the run and queues a job whose ``extra``
carries the stream modes, the input or resume and, for a rollback, the checkpoint to
fork from (``switchboard.worker.langgraph_runs`` runs it); clients follow the run's
event log from any API process. A second run on a busy thread (a pending, queued or
running run, in any process) follows its ``multitask_strategy``:

- ``reject``: 409;
- ``enqueue``: recorded ``pending``, it is queued when the thread's earlier runs have
  ended (``server.services.next_runs``: the worker that ended the last one, or any
  worker's sweep, starts it);
- ``interrupt``: the thread's pending runs are cancelled, its active run is cancelled
  through the queue (its worker records it ``cancelled`` where it stopped, its
  checkpoints kept), then this run is queued;
- ``rollback``: the same, then the cancelled runs' records are deleted and this run
  forks from the checkpoint the first of them started from.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict
from typing import Any

from pydantic_core import to_jsonable_python

from domain import pending_runs
from domain.db import system_transaction
from domain.errors import ConflictError
from graphs.context import Context
from server.runtime import AppRuntime
from server.schemas.langgraph_api import RunCreate
from server.services import next_runs, queued_runs
from server.services.background_runs import CANCEL_WAIT_SECONDS
from server.services.langgraph_api.runs import _delete_record, _end_log
from switchboard.worker.execution import RUN_KEY

STOP_ROUNDS = 3
"""How often ``interrupt``/``rollback`` look again for runs of the thread to stop."""

FORM = "langgraph"
"""``RunJob.extra["form"]`` of a server API run (the worker picks its execution by it)."""


def job_extra(body: RunCreate, kind: str) -> dict[str, Any]:
    """What the worker needs to run the request as this process would."""
    extra: dict[str, Any] = {
        "form": FORM,
        "stream_mode": body.modes(),
        "subgraphs": body.stream_subgraphs,
    }
    if kind == "resume" and body.command is not None:
        extra["resume"] = to_jsonable_python(body.command.resume, fallback=str)
    else:
        extra["input"] = to_jsonable_python(body.input, fallback=str)
    if (checkpoint := body.from_checkpoint()) is not None:
        extra["checkpoint_id"] = checkpoint
    return extra


def busy_runs(runtime: AppRuntime, thread_id: str) -> list[tuple[str, str]]:
    """(run id, status) of the thread's pending, queued and running runs, any process."""
    with system_transaction(runtime.services.sessions) as session:
        return pending_runs.busy_runs(session, thread_id)


async def submit(
    runtime: AppRuntime,
    context: Context,
    *,
    run_id: str,
    thread_id: str,
    body: RunCreate,
    kind: str,
    run_input: dict[str, Any],
    busy_message: str,
) -> str:
    """Record and queue the run by its strategy; its status (``pending`` or ``queued``).

    Raises:
        ConflictError: the thread is busy (``reject``), or waits for approvals (new
            input), or waits for none (a resume).
    """
    queue = queued_runs.queue_of(runtime)
    strategy = run_input["multitask_strategy"]
    extra = job_extra(body, kind)
    busy = await asyncio.to_thread(busy_runs, runtime, thread_id)
    if busy and strategy == "reject":
        raise ConflictError(busy_message)
    if busy and strategy == "enqueue":
        await asyncio.to_thread(_hold, runtime, context, run_id, thread_id, kind, run_input, extra)
        started = await next_runs.start_next(runtime, queue, thread_id)  # it may have freed
        return "queued" if started == run_id else pending_runs.PENDING
    if busy:  # interrupt or rollback
        base = await _stop(runtime, context, thread_id, busy, rollback=strategy == "rollback")
        if base is not None:
            extra["checkpoint_id"] = base
    deadline = time.monotonic() + (CANCEL_WAIT_SECONDS if busy else 0)
    while True:
        try:
            await queued_runs.submit(
                runtime,
                context,
                thread_id=thread_id,
                text=run_input.get("text"),
                run_input=run_input,
                run_id=run_id,
                kind=kind,
                extra=extra,
            )
            return "queued"
        except ConflictError:
            if time.monotonic() >= deadline:  # not the stopped run letting go: someone else's
                raise
            await asyncio.sleep(0.1)  # the stopped run's worker is releasing the thread


def _hold(
    runtime: AppRuntime,
    context: Context,
    run_id: str,
    thread_id: str,
    kind: str,
    run_input: dict[str, Any],
    extra: dict[str, Any],
) -> None:
    with runtime.services.scope(
        context.tenant_id, actor=context.actor, caller=context.caller
    ) as scope:
        pending_runs.hold_run(
            scope,
            run_id=run_id,
            thread_id=thread_id,
            kind=kind,
            run_input={**run_input, **next_runs.job_input(asdict(context), extra)},
        )


async def _stop(
    runtime: AppRuntime,
    context: Context,
    thread_id: str,
    busy: list[tuple[str, str]],
    *,
    rollback: bool,
) -> str | None:
    """Cancel the thread's runs (pending first, so none is promoted meanwhile).

    With ``rollback`` the cancelled runs' records are deleted; the checkpoint the first
    of them started from ("" for an empty thread; None: none of them wrote one).
    """

    def cancel_pending() -> list[str]:
        with system_transaction(runtime.services.sessions) as session:
            return pending_runs.cancel_pending(session, thread_id)

    stopped: set[str] = set()
    for _ in range(STOP_ROUNDS):  # a run promoted while we listed them is stopped next round
        stopped.update(run_id for run_id, _ in busy)
        for run_id in await asyncio.to_thread(cancel_pending):
            await _end_log(runtime, run_id)
        for run_id, status in busy:
            if status != pending_runs.PENDING:
                await queued_runs.cancel(runtime, context, run_id)
        busy = await asyncio.to_thread(busy_runs, runtime, thread_id)
        if not busy:
            break
    if not rollback:
        return None
    base = await started_from(runtime, thread_id, stopped)
    for run_id in stopped:
        await asyncio.to_thread(_delete_record, runtime, context, run_id)
    return base


async def started_from(runtime: AppRuntime, thread_id: str, run_ids: set[str]) -> str | None:
    """The checkpoint the earliest of ``run_ids`` started from, read from the history.

    Queued runs name themselves in their checkpoints' metadata (``RUN_KEY``); the parent
    of the oldest such checkpoint is where they began ("" when that was an empty
    thread). None when none of them wrote a checkpoint (nothing to roll back).
    """
    base: str | None = None
    config: Any = {"configurable": {"thread_id": thread_id}}
    async for snapshot in runtime.graph.aget_state_history(config):
        if (snapshot.metadata or {}).get(RUN_KEY) not in run_ids:
            break  # the stopped runs held the thread last: theirs are the newest
        parent = snapshot.parent_config or {}
        base = str(parent.get("configurable", {}).get("checkpoint_id") or "")
    return base


async def cancel(
    runtime: AppRuntime, context: Context, thread_id: str, run_id: str, *, rollback: bool
) -> None:
    """Stop a pending, queued or running run wherever it is; ``rollback`` deletes it."""

    def cancel_pending() -> bool:
        with system_transaction(runtime.services.sessions) as session:
            return pending_runs.cancel_one(session, run_id)

    if await asyncio.to_thread(cancel_pending):
        await _end_log(runtime, run_id)
    else:
        await queued_runs.cancel(runtime, context, run_id)
    if rollback:
        await asyncio.to_thread(_delete_record, runtime, context, run_id)
    # A run cancelled before a worker took it freed the thread here: start the next.
    await next_runs.start_next(runtime, queued_runs.queue_of(runtime), thread_id)
