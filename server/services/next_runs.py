"""Start a thread's next pending run once the thread is free, from any process.

Called by the worker that ended a run on the thread, by the API process right after it
recorded a pending run (the thread may have freed meanwhile), and by every worker's
sweep (``switchboard.worker.sweeper``): whichever comes first promotes the run
(``domain.pending_runs.promote_next`` acts once) and submits its job; a job submitted
twice is queued once (job ids are run ids).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from adapters.run_queue.protocol import RunJob, RunQueue
from domain import pending_runs
from domain.db import system_transaction
from domain.models import RunRecord
from server.runtime import AppRuntime

log = logging.getLogger("switchboard.server.runs")

JOB_KEY = "job"
"""Where a run's input keeps what its job needs beyond the record (context, extra)."""


def job_input(
    context: dict[str, Any], extra: dict[str, Any], *, kind: str | None = None
) -> dict[str, Any]:
    """What a run's recorded input keeps so its job can be rebuilt by any process.

    ``kind`` is the job's kind when it differs from the record's (an AG-UI run is
    recorded as ``run`` or ``resume`` and executed as an ``agui`` job).
    """
    saved: dict[str, Any] = {"context": context, "extra": extra}
    if kind is not None:
        saved["kind"] = kind
    return {JOB_KEY: saved}


def job_of(run: RunRecord) -> RunJob:
    """The job of a recorded queued run (the sweep and promotion rebuild it from here)."""
    recorded = run.input if isinstance(run.input, dict) else {}
    kept = recorded.get(JOB_KEY)
    saved: dict[str, Any] = kept if isinstance(kept, dict) else {}
    context = saved.get("context") or {"tenant_id": run.tenant_id, "actor": run.actor or "user"}
    text = recorded.get("text")
    return RunJob(
        run.id,
        run.thread_id,
        dict(context),
        str(saved.get("kind") or run.kind),
        text if isinstance(text, str) else None,
        dict(saved.get("extra") or {}),
    )


async def start_next(runtime: AppRuntime, queue: RunQueue, thread_id: str) -> str | None:
    """Promote and queue the thread's oldest pending run if the thread is free; its id."""

    def promote() -> RunJob | None:
        with system_transaction(runtime.services.sessions) as session:
            run = pending_runs.promote_next(session, thread_id)
            return job_of(run) if run is not None else None

    job = await asyncio.to_thread(promote)
    if job is None:
        return None
    try:
        await queue.submit(job)
    except Exception:  # recorded as queued: a worker's sweep queues it again
        log.exception("run %s: the queue did not take it; a worker's sweep will", job.run_id)
    log.info("run %s: thread %s is free; queued", job.run_id, thread_id)
    return job.run_id


async def start_waiting(runtime: AppRuntime, queue: RunQueue) -> list[str]:
    """``start_next`` for every thread with a pending run (the sweep); the runs queued."""

    def threads() -> list[str]:
        with system_transaction(runtime.services.sessions) as session:
            return pending_runs.waiting_threads(session)

    started = []
    for thread_id in await asyncio.to_thread(threads):
        if (run_id := await start_next(runtime, queue, thread_id)) is not None:
            started.append(run_id)
    return started
