"""A queued run's end is recorded only by the attempt its record names (fencing)."""

from __future__ import annotations

import pytest

from domain import queued_runs, runs
from domain.errors import RunTakenOverError
from domain.models import RunRecord
from domain.scope import Scope


def test_only_the_worker_the_record_names_records_the_end(scope: Scope) -> None:
    session = scope.session
    thread = "fenced-thread"
    queued_runs.queue_run(scope, run_id="fenced-run", thread_id=thread, kind="run", run_input={})
    assert queued_runs.claim_run(scope, "fenced-run", "worker-a")
    assert queued_runs.still_claimed(session, "fenced-run", "worker-a")
    assert not queued_runs.still_claimed(session, "fenced-run", "worker-b")

    # A sweep took worker-a for dead and put the run back; worker-b claimed it.
    assert queued_runs.requeue(session, "fenced-run", "worker-a")
    assert not queued_runs.still_claimed(session, "fenced-run", "worker-a")
    with pytest.raises(RunTakenOverError, match="queued on no worker"):
        runs.finish_run(scope, "fenced-run", status="done", output={}, worker_id="worker-a")
    assert queued_runs.claim_run(scope, "fenced-run", "worker-b")
    with pytest.raises(RunTakenOverError, match="running on worker-b"):
        runs.finish_run(scope, "fenced-run", status="done", output={}, worker_id="worker-a")
    session.expire_all()
    run = session.get(RunRecord, "fenced-run")
    assert run is not None and (run.status, run.worker_id, run.finished_at) == (
        "running",
        "worker-b",
        None,
    )

    runs.finish_run(
        scope, "fenced-run", status="done", output={"answer": "ok"}, worker_id="worker-b"
    )
    session.expire_all()
    run = session.get(RunRecord, "fenced-run")
    assert run is not None and (run.status, run.worker_id) == ("done", "worker-b")
    assert run.finished_at is not None
    with pytest.raises(RunTakenOverError):  # ended: no attempt records it again
        runs.finish_run(scope, "fenced-run", status="error", output=None, worker_id="worker-b")


def test_a_sweep_gives_up_only_on_a_run_still_queued(scope: Scope) -> None:
    session = scope.session
    queued_runs.queue_run(scope, run_id="late-run", thread_id="late", kind="run", run_input={})
    # The sweep read it as queued (its job had failed); a worker claimed it meanwhile.
    assert queued_runs.claim_run(scope, "late-run", "worker-a")
    with pytest.raises(RunTakenOverError, match="running on worker-a, no longer queued"):
        runs.finish_run(scope, "late-run", status="error", output=None, while_status="queued")
    session.expire_all()
    run = session.get(RunRecord, "late-run")
    assert run is not None and (run.status, run.finished_at) == ("running", None)

    queued_runs.queue_run(scope, run_id="lost-run", thread_id="lost", kind="run", run_input={})
    runs.finish_run(scope, "lost-run", status="error", output=None, while_status="queued")
    session.expire_all()
    run = session.get(RunRecord, "lost-run")
    assert run is not None and run.status == "error" and run.finished_at is not None
