"""Run records of runs that go through the queue: queued, claimed by a worker, requeued.

A queued run is recorded by the API process that accepted it (status ``queued``, no
worker) and executed by a ``switchboard worker``, which claims it (``running`` with
its worker id). One active run per thread: a thread with a queued run, or a running
one on a worker, takes no new request. When a worker dies the sweeper puts its runs
back to ``queued`` for another worker, which resumes them from their last checkpoint.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from domain.base import utcnow
from domain.budgets import admit_run
from domain.errors import ConflictError
from domain.models import RunRecord, ThreadRecord
from domain.runs import ensure_thread
from domain.scope import Scope

ACTIVE = ("queued", "running")


def queue_run(
    scope: Scope,
    *,
    run_id: str,
    thread_id: str,
    kind: str,
    run_input: dict[str, Any],
    cron_id: int | None = None,
) -> RunRecord:
    """Record a run as queued. The caller holds the thread's lock for the check.

    ``cron_id`` names the schedule whose fire the run is.

    Raises:
        ConflictError: the id was used, or the thread has a queued run or one running
            on a worker (``reject``, LangGraph's default double-texting strategy).
        BudgetExceededError: the tenant's daily run budget is spent.
    """
    if scope.session.get(RunRecord, run_id) is not None:
        raise ConflictError(f"run id {run_id} was already used; send a new one")
    active = scope.session.scalars(
        select(RunRecord.id).where(
            RunRecord.thread_id == thread_id,
            RunRecord.status.in_(ACTIVE),
            (RunRecord.status == "queued") | RunRecord.worker_id.is_not(None),
        )
    ).first()
    if active is not None:
        raise ConflictError(f"thread {thread_id} is busy with run {active}; wait for it to end")
    if kind == "run":
        admit_run(scope.session, scope.tenant_id, thread_id=thread_id)
    thread = ensure_thread(scope, thread_id, title=str(run_input.get("text", "")))
    thread.status = "busy"
    run = RunRecord(
        id=run_id,
        tenant_id=scope.tenant_id,
        thread_id=thread_id,
        kind=kind,
        input=run_input,
        actor=scope.actor,
        status="queued",
        cron_id=cron_id,
    )
    scope.session.add(run)
    scope.session.flush()
    return run


def claim_run(scope: Scope, run_id: str, worker_id: str, *, dead: Collection[str] = ()) -> bool:
    """Mark the run as running on ``worker_id``; False when it is not this worker's to run.

    A queued run is claimed; so is one still marked running on a worker in ``dead``
    (the queue handed it out again before the sweeper put it back). A finished or
    cancelled run, or one running on a live worker, is not.
    """
    claimable = (RunRecord.status == "queued") | (
        (RunRecord.status == "running") & RunRecord.worker_id.in_(list(dead))
    )
    claimed = scope.session.execute(
        update(RunRecord)
        .where(RunRecord.id == run_id, claimable)
        .values(status="running", worker_id=worker_id)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(claimed, "rowcount", 0))


def requeue(session: Session, run_id: str, worker_id: str) -> bool:
    """Put a run of ``worker_id`` back on the queue (its worker died or is shutting down)."""
    done = session.execute(
        update(RunRecord)
        .where(
            RunRecord.id == run_id,
            RunRecord.status == "running",
            RunRecord.worker_id == worker_id,
        )
        .values(status="queued", worker_id=None)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(done, "rowcount", 0))


def still_claimed(session: Session, run_id: str, worker_id: str) -> bool:
    """Whether the run is still marked running on ``worker_id`` (its attempt is current).

    False once a sweep put it back on the queue (the worker's heartbeat lapsed) or
    another worker claimed it: the attempt that claimed it is stale and stops.
    """
    row = session.execute(
        select(RunRecord.status, RunRecord.worker_id).where(RunRecord.id == run_id)
    ).first()
    return row is not None and (row[0], row[1]) == ("running", worker_id)


def cancel_queued(scope: Scope, run_id: str) -> bool:
    """Record a run no worker has claimed yet as cancelled; False when one has."""
    run = scope.session.get(RunRecord, run_id, with_for_update=True)
    if run is None or run.status != "queued":
        return False
    run.status, run.error, run.finished_at = "cancelled", "cancelled on request", utcnow()
    run.duration_ms = 0
    thread = scope.session.get(ThreadRecord, run.thread_id)
    if thread is not None:
        thread.status = "idle"
    return True


def runs_on_workers(session: Session) -> list[tuple[str, str, str]]:
    """(run id, worker id, thread id) of every run marked running on a queue worker."""
    rows = session.execute(
        select(RunRecord.id, RunRecord.worker_id, RunRecord.thread_id).where(
            RunRecord.status == "running", RunRecord.worker_id.is_not(None)
        )
    )
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]
