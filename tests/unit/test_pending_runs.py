"""A thread's pending runs (``enqueue`` on the run queue) start one at a time, oldest first."""

from __future__ import annotations

import uuid
from datetime import timedelta

from domain import pending_runs
from domain.base import utcnow
from domain.models import RunRecord
from domain.runs import ensure_thread
from domain.scope import Scope


def _run(scope: Scope, thread: str, status: str, age: int) -> str:
    run_id = uuid.uuid4().hex
    scope.session.add(
        RunRecord(
            id=run_id,
            tenant_id=scope.tenant_id,
            thread_id=thread,
            kind="run",
            status=status,
            input={"text": run_id},
            started_at=utcnow() - timedelta(seconds=age),
        )
    )
    scope.session.flush()
    return run_id


def _status(scope: Scope, run_id: str) -> str:
    run = scope.session.get(RunRecord, run_id)
    assert run is not None
    scope.session.refresh(run)
    return run.status


def test_the_oldest_pending_run_is_promoted_only_once_the_thread_is_free(scope: Scope) -> None:
    thread = f"pending-{uuid.uuid4().hex[:8]}"
    ensure_thread(scope, thread)
    active = _run(scope, thread, "running", 30)
    older = _run(scope, thread, pending_runs.PENDING, 20)
    newer = _run(scope, thread, pending_runs.PENDING, 10)
    assert pending_runs.busy_runs(scope.session, thread) == [
        (active, "running"),
        (older, "pending"),
        (newer, "pending"),
    ]
    assert thread in pending_runs.waiting_threads(scope.session)

    assert pending_runs.promote_next(scope.session, thread) is None  # still running
    scope.session.get(RunRecord, active).status = "done"  # type: ignore[union-attr]
    scope.session.flush()

    promoted = pending_runs.promote_next(scope.session, thread)
    assert promoted is not None and promoted.id == older
    assert (_status(scope, older), _status(scope, newer)) == ("queued", "pending")
    assert pending_runs.promote_next(scope.session, thread) is None  # one at a time

    assert pending_runs.cancel_pending(scope.session, thread) == [newer]
    assert _status(scope, newer) == "cancelled"
    assert not pending_runs.cancel_one(scope.session, newer)
