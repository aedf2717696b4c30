"""Runs accepted here and executed by queue workers (``SWITCHBOARD_REDIS_URL`` set).

The API process checks and records the run (``queued``) and puts it on the queue; a
``switchboard worker`` runs it (``switchboard.worker``). The thread's lock is held only
for the check (on Postgres a transaction-level lock on the record's own connection), so
two API processes cannot both queue a run on one thread; while a
worker runs the thread it holds the lock, and a new request is a 409 (LangGraph's
``reject``). A cancel reaches the worker through the queue, from any API process.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from contextlib import ExitStack
from dataclasses import asdict
from typing import Any

from adapters.run_queue import RunJob, RunQueue
from adapters.services import Services
from adapters.thread_locks import claim_in_transaction, thread_lock
from domain import queued_runs
from domain.models import RunRecord
from graphs.context import Context
from server.runtime import AppRuntime
from server.services.background_runs import CANCEL_WAIT_SECONDS, _check_waiting
from server.services.next_runs import job_input
from server.services.run_records import check_owner

log = logging.getLogger("switchboard.server.runs")


def queue_of(runtime: AppRuntime) -> RunQueue:
    """The runtime's queue (callers check ``runtime.run_queue`` first)."""
    assert runtime.run_queue is not None
    return runtime.run_queue


async def submit(
    runtime: AppRuntime,
    context: Context,
    *,
    thread_id: str,
    text: str | None,
    run_input: dict[str, Any],
    run_id: str | None = None,
    kind: str = "run",
    extra: dict[str, Any] | None = None,
) -> str:
    """Record a new request's run as queued and queue it; its id.

    ``kind`` "resume" needs a thread waiting for approval; ``extra`` goes in the job
    (and in the run's recorded input, so a sweep or a promotion can rebuild the job).

    Raises:
        NotFoundError: the thread is not this tenant's.
        ConflictError: the thread has a queued or running run, or waits for approvals.
    """
    await asyncio.to_thread(check_owner, runtime, context, thread_id)  # 404 before 409
    run_id = run_id or uuid.uuid4().hex
    resume = kind == "resume"
    if extra:
        run_input = {**run_input, **job_input(asdict(context), extra)}
    if runtime.services.engine.dialect.name == "postgresql":
        # The check and the record under a transaction-level lock: one connection each.
        # (The worker checks the approvals again under its own lock.)
        await _check_waiting(runtime, thread_id, resume=resume)
        await asyncio.to_thread(_record, runtime, context, run_id, thread_id, kind, run_input)
    else:
        locks = ExitStack()
        engine = runtime.services.engine
        await asyncio.to_thread(locks.enter_context, thread_lock(engine, thread_id))
        try:
            await _check_waiting(runtime, thread_id, resume=resume)
            await asyncio.to_thread(_record, runtime, context, run_id, thread_id, kind, run_input)
        finally:
            await asyncio.to_thread(locks.close)
    job = RunJob(run_id, thread_id, asdict(context), kind, text, dict(extra or {}))
    try:
        await queue_of(runtime).submit(job)
    except Exception:  # recorded as queued: a worker's sweep queues it again
        log.exception("run %s: the queue did not take it; a worker's sweep will", run_id)
    return run_id


def _record(
    runtime: AppRuntime,
    context: Context,
    run_id: str,
    thread_id: str,
    kind: str,
    run_input: dict[str, Any],
) -> None:
    with runtime.services.scope(
        context.tenant_id, actor=context.actor, caller=context.caller
    ) as scope:
        claim_in_transaction(scope.session, thread_id)
        queued_runs.queue_run(
            scope, run_id=run_id, thread_id=thread_id, kind=kind, run_input=dict(run_input)
        )


async def cancel(runtime: AppRuntime, context: Context, run_id: str) -> None:
    """Stop the run wherever it is: not yet taken (recorded here) or on its worker.

    Waits up to ``CANCEL_WAIT_SECONDS`` for the worker to record the run's end.
    """
    await cancel_run(
        runtime.services, queue_of(runtime), context, run_id, wait_seconds=CANCEL_WAIT_SECONDS
    )


async def cancel_run(
    services: Services, queue: RunQueue, context: Context, run_id: str, *, wait_seconds: float
) -> str | None:
    """Stop the run wherever it is; its recorded status after up to ``wait_seconds``.

    The cancel is remembered on the queue first (a worker that takes the run later skips
    it, one running it stops it), then a run no worker has claimed is recorded cancelled
    at once. Shared by the API and ``switchboard run`` on the queue (Ctrl-C).
    """
    await queue.cancel(run_id)

    def cancel_queued() -> bool:
        with services.scope(context.tenant_id, actor=context.actor) as scope:
            return queued_runs.cancel_queued(scope, run_id)

    if await asyncio.to_thread(cancel_queued):
        return "cancelled"
    deadline = time.monotonic() + wait_seconds
    while True:
        status = await asyncio.to_thread(run_status, services, context, run_id)
        if status not in queued_runs.ACTIVE or time.monotonic() >= deadline:
            return status
        await asyncio.sleep(0.1)


def run_status(services: Services, context: Context, run_id: str) -> str | None:
    """The run's recorded status (None when it is not recorded); sync, for a worker thread."""
    with services.scope(context.tenant_id, actor=context.actor) as scope:
        run = scope.session.get(RunRecord, run_id)
        return run.status if run is not None else None
