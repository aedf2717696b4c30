"""Approval resumes executed by queue workers (``SWITCHBOARD_REDIS_URL`` set).

Deciding the last waiting approval of a thread records the decisions (as without
workers), then, still under the thread's lock, records a ``resume`` run as queued;
after the lock is let go its job (kind ``resume``, the resume value in ``extra``) goes
on the queue and a worker runs it (``switchboard.worker.resume_execution``), so the
resume survives the API process that took the decision. The response waits a while for
the run to end, as the in-process resume does; a run still going is answered with its
status (``queued`` or ``running``) and id, to follow with ``GET /runs/{id}/stream``.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

from langgraph.types import Command
from pydantic_core import to_jsonable_python
from sqlalchemy import select

from adapters.run_queue import RunJob
from adapters.services import Services
from domain import queued_runs
from domain.errors import ConflictError
from domain.models import RunRecord
from graphs.context import Context
from server.runtime import AppRuntime
from switchboard.runs import RunOutcome

log = logging.getLogger("switchboard.server.approvals")

RESUME_WAIT_SECONDS = 30.0
"""How long a decision's response waits for its queued resume to end."""


def check_not_queued(services: Services, context: Context, thread_id: str) -> None:
    """A thread whose resume (or any run) is queued or on a worker takes no decision now.

    Raises:
        ConflictError: naming the active run.
    """
    with services.scope(context.tenant_id, actor=context.actor) as scope:
        active = scope.session.scalars(
            select(RunRecord.id).where(
                RunRecord.thread_id == thread_id,
                RunRecord.status.in_(queued_runs.ACTIVE),
                (RunRecord.status == "queued") | RunRecord.worker_id.is_not(None),
            )
        ).first()
    if active is not None:
        raise ConflictError(f"thread {thread_id} is busy with run {active}; wait for it to end")


def queued_resume(
    services: Services, context: Context, thread_id: str, jobs: list[RunJob]
) -> Callable[[Command[Any], dict[str, Any]], RunOutcome]:
    """``answer_thread``'s ``resume_with``: record the resume as queued, keep its job."""

    def resume_with(command: Command[Any], run_input: dict[str, Any]) -> RunOutcome:
        run_id = uuid.uuid4().hex
        with services.scope(context.tenant_id, actor=context.actor, caller=context.caller) as scope:
            queued_runs.queue_run(  # the caller (answer_thread) holds the thread's lock
                scope, run_id=run_id, thread_id=thread_id, kind="resume", run_input=run_input
            )
        resume = to_jsonable_python(command.resume, fallback=str)
        jobs.append(RunJob(run_id, thread_id, asdict(context), "resume", None, {"resume": resume}))
        return RunOutcome(thread_id, "queued", [], "", run_id=run_id)

    return resume_with


async def submit_and_wait(
    runtime: AppRuntime, context: Context, jobs: Sequence[RunJob]
) -> dict[str, RunRecord]:
    """Queue the resumes, then wait up to ``RESUME_WAIT_SECONDS`` for them to end.

    Their records by run id (a run still going is in its ``queued`` or ``running`` state).
    """
    assert runtime.run_queue is not None
    for job in jobs:
        try:
            await runtime.run_queue.submit(job)
        except Exception:  # recorded as queued: a worker's sweep queues it again
            log.exception("run %s: the queue did not take it; a worker's sweep will", job.run_id)
    ids = [job.run_id for job in jobs]

    def records() -> dict[str, RunRecord]:
        with runtime.services.scope(context.tenant_id, actor=context.actor) as scope:
            rows = scope.session.scalars(select(RunRecord).where(RunRecord.id.in_(ids)))
            found = {row.id: row for row in rows}
            scope.session.expunge_all()
            return found

    deadline = time.monotonic() + RESUME_WAIT_SECONDS
    while True:
        found = await asyncio.to_thread(records)
        going = [r for r in found.values() if r.status in queued_runs.ACTIVE]
        if not going or time.monotonic() >= deadline:
            return found
        await asyncio.sleep(0.2)
