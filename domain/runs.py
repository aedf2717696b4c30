"""Threads and runs as the console sees them: ownership, history, status, timing."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from domain.base import utcnow
from domain.budgets import admit_run
from domain.errors import ConflictError, NotFoundError, RunTakenOverError
from domain.models import RunRecord, ThreadRecord
from domain.scope import Scope

FINISHED = frozenset({"done", "interrupted", "error", "cancelled"})


def owned_thread(scope: Scope, thread_id: str) -> ThreadRecord:
    """The tenant's thread, or NotFoundError (also for another tenant's thread)."""
    thread = scope.session.get(ThreadRecord, thread_id)
    if thread is None or thread.tenant_id != scope.tenant_id:
        raise NotFoundError("thread", thread_id, argument="thread_id")
    return thread


def ensure_thread(scope: Scope, thread_id: str, *, title: str = "") -> ThreadRecord:
    """The tenant's thread, created on first use; another tenant's id is not found."""
    thread = scope.session.get(ThreadRecord, thread_id)
    if thread is None:
        thread = ThreadRecord(
            id=thread_id, tenant_id=scope.tenant_id, title=title[:200], created_by=scope.actor
        )
        try:
            with scope.session.begin_nested():
                scope.session.add(thread)
        except IntegrityError:  # the id is another tenant's (row security hides it)
            raise NotFoundError("thread", thread_id, argument="thread_id") from None
        return thread
    if thread.tenant_id != scope.tenant_id:
        raise NotFoundError("thread", thread_id, argument="thread_id")
    return thread


def start_run(
    scope: Scope,
    *,
    run_id: str,
    thread_id: str,
    kind: str,
    run_input: dict[str, Any],
    cron_id: int | None = None,
) -> RunRecord:
    """Record a run as running. The caller holds the thread's lock.

    A run still marked running here was abandoned (its process stopped while holding
    the lock, which died with it): it is closed as an error first. A new request
    (``kind="run"``) counts against the tenant's daily run budget; resumes and reopens
    do not. ``cron_id`` names the schedule that started the run; a resume or reopen
    of a scheduled thread inherits it.

    Raises:
        ConflictError: ``run_id`` was already used.
        BudgetExceededError: the tenant's daily run (or token, cost, call) budget is spent.
    """
    if scope.session.get(RunRecord, run_id) is not None:
        raise ConflictError(f"run id {run_id} was already used; send a new one")
    if kind == "run":
        admit_run(scope.session, scope.tenant_id, thread_id=thread_id)
    thread = ensure_thread(scope, thread_id, title=str(run_input.get("text", "")))
    if cron_id is None and kind != "run":  # a resume continues what its schedule started
        cron_id = scope.session.scalars(
            select(RunRecord.cron_id)
            .where(RunRecord.thread_id == thread_id, RunRecord.cron_id.is_not(None))
            .order_by(RunRecord.started_at.desc())
            .limit(1)
        ).first()
    for stale in scope.session.scalars(
        select(RunRecord).where(RunRecord.thread_id == thread_id, RunRecord.status == "running")
    ):
        stale.status = "error"
        stale.error = "abandoned: the process running it stopped"
        stale.finished_at = utcnow()
    thread.status = "busy"
    run = RunRecord(
        id=run_id,
        tenant_id=scope.tenant_id,
        thread_id=thread_id,
        kind=kind,
        input=run_input,
        actor=scope.actor,
        status="running",
        cron_id=cron_id,
    )
    scope.session.add(run)
    scope.session.flush()
    return run


def resume_record_id(scope: Scope, *, run_id: str, thread_id: str) -> str:
    """The id to record a resume under, when the client sent it with ``run_id``.

    CopilotKit's interrupt hooks (react-core 1.74 ``useInterrupt``, which
    ``useLangGraphInterrupt`` wraps) resume with the id of the run that stopped at the
    interrupt. When ``run_id`` is that run (this tenant's, this thread's, ended waiting
    for approval), the resume gets a fresh id of its own and keeps the client's id in
    its input. Any other id is returned as sent, so ``start_run`` still refuses a used
    one. A second resume of an answered interrupt passes here too; the graph, the
    approvals table and the outbox keep it from acting twice.
    """
    used = scope.session.get(RunRecord, run_id)
    if (
        used is None
        or used.tenant_id != scope.tenant_id
        or used.thread_id != thread_id
        or used.status != "interrupted"
    ):
        return run_id
    return uuid.uuid4().hex


def finish_run(
    scope: Scope,
    run_id: str,
    *,
    status: str,
    output: dict[str, Any] | None,
    error: str | None = None,
    agents: list[str] | None = None,
    input_tokens: int = 0,
    output_tokens: int = 0,
    worker_id: str | None = None,
    while_status: str | None = None,
) -> RunRecord:
    """Record how a run ended and how long it took.

    ``worker_id`` (a queue worker's attempt) records the end only while the run is
    still marked running on that worker, checked under the row's lock. ``while_status``
    records it only while the run still has that status (a sweep giving up on a run it
    read as queued must not end one a worker has claimed since).

    Raises:
        RunTakenOverError: ``worker_id`` was given and the run is no longer its, or
            the run's status is no longer ``while_status``.
    """
    fenced = worker_id is not None or while_status is not None
    run = scope.session.get(RunRecord, run_id, with_for_update=fenced)
    if run is None or run.tenant_id != scope.tenant_id:
        raise NotFoundError("run", run_id, argument="run_id")
    if while_status is not None and run.status != while_status:
        raise RunTakenOverError(
            f"run {run_id} is {run.status} on {run.worker_id or 'no worker'}, no longer "
            f"{while_status}: its end is not recorded here"
        )
    if worker_id is not None and (run.status, run.worker_id) != ("running", worker_id):
        raise RunTakenOverError(
            f"run {run_id} is {run.status} on {run.worker_id or 'no worker'}, no longer "
            f"running on {worker_id}: its end is not recorded here"
        )
    run.status = status
    run.output = output
    run.error = error
    run.agents = agents or []
    run.input_tokens, run.output_tokens = input_tokens, output_tokens
    run.finished_at = utcnow()
    started = (
        run.started_at
        if run.started_at.tzinfo
        else run.started_at.replace(tzinfo=run.finished_at.tzinfo)
    )
    run.duration_ms = int((run.finished_at - started).total_seconds() * 1000)
    thread = scope.session.get(ThreadRecord, run.thread_id)
    if thread is not None:
        thread.status = {"done": "idle", "cancelled": "idle"}.get(status, status)
    return run
