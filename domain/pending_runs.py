"""Runs waiting for their thread to free (LangGraph's ``enqueue`` on the run queue).

A request sent with ``multitask_strategy=enqueue`` to a busy thread is recorded
``pending``: not on the queue, no lock held. When the thread has no queued or running
run any more, its oldest pending run is promoted to ``queued`` and put on the queue.
Promotion is one conditional statement, so whoever tries it (the worker that ended the
thread's run, the API process that recorded the pending run, any worker's sweep) acts
once; a promoter that dies before submitting leaves a queued run without a job, which
the sweep queues again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from domain.base import utcnow
from domain.budgets import admit_run
from domain.models import RunRecord, ThreadRecord
from domain.queued_runs import ACTIVE
from domain.runs import ensure_thread
from domain.scope import Scope

PENDING = "pending"
BUSY = (*ACTIVE, PENDING)
"""Statuses of a run that keeps its thread from taking a ``reject``-ed request."""


def hold_run(
    scope: Scope, *, run_id: str, thread_id: str, kind: str, run_input: dict[str, Any]
) -> RunRecord:
    """Record a run that starts once the thread's earlier runs have ended.

    Raises:
        BudgetExceededError: the tenant's daily run budget is spent.
    """
    if kind == "run":
        admit_run(scope.session, scope.tenant_id, thread_id=thread_id)
    ensure_thread(scope, thread_id, title=str(run_input.get("text", "")))
    run = RunRecord(
        id=run_id,
        tenant_id=scope.tenant_id,
        thread_id=thread_id,
        kind=kind,
        input=run_input,
        actor=scope.actor,
        status=PENDING,
    )
    scope.session.add(run)
    scope.session.flush()
    return run


def busy_runs(session: Session, thread_id: str) -> list[tuple[str, str]]:
    """(run id, status) of the thread's pending, queued and running runs, oldest first."""
    rows = session.execute(
        select(RunRecord.id, RunRecord.status)
        .where(RunRecord.thread_id == thread_id, RunRecord.status.in_(BUSY))
        .order_by(RunRecord.started_at, RunRecord.id)
    )
    return [(str(r[0]), str(r[1])) for r in rows]


def promote_next(session: Session, thread_id: str) -> RunRecord | None:
    """Make the thread's oldest pending run ``queued`` if nothing else is; that run."""
    oldest = (
        select(RunRecord.id)
        .where(RunRecord.thread_id == thread_id, RunRecord.status == PENDING)
        .order_by(RunRecord.started_at, RunRecord.id)
        .limit(1)
        .scalar_subquery()
    )
    active = (
        select(RunRecord.id)
        .where(RunRecord.thread_id == thread_id, RunRecord.status.in_(ACTIVE))
        .exists()
    )
    promoted = session.execute(
        update(RunRecord)
        .where(RunRecord.id == oldest, RunRecord.status == PENDING, ~active)
        .values(status="queued")
        .returning(RunRecord.id)
        .execution_options(synchronize_session=False)
    ).scalar()
    if promoted is None:
        return None
    thread = session.get(ThreadRecord, thread_id)
    if thread is not None:
        thread.status = "busy"
    run = session.get(RunRecord, promoted)
    if run is not None:
        session.refresh(run)
    return run


def waiting_threads(session: Session) -> list[str]:
    """Threads with a pending run, all tenants (the sweep promotes what it can)."""
    rows = session.scalars(
        select(RunRecord.thread_id).where(RunRecord.status == PENDING).distinct()
    )
    return [str(r) for r in rows]


def cancel_pending(session: Session, thread_id: str) -> list[str]:
    """Record the thread's pending runs as cancelled (``interrupt``/``rollback``); their ids."""
    now = utcnow()
    rows = session.execute(
        update(RunRecord)
        .where(RunRecord.thread_id == thread_id, RunRecord.status == PENDING)
        .values(status="cancelled", error="cancelled by a later run", finished_at=now)
        .returning(RunRecord.id)
        .execution_options(synchronize_session=False)
    )
    return [str(r[0]) for r in rows]


def cancel_one(session: Session, run_id: str) -> bool:
    """Record one pending run as cancelled; False when it is not pending."""
    done = session.execute(
        update(RunRecord)
        .where(RunRecord.id == run_id, RunRecord.status == PENDING)
        .values(status="cancelled", error="cancelled on request", finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(done, "rowcount", 0))
