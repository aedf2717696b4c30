"""The run queue's choice by settings, its job format and the retry backoff (no sockets)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from adapters.run_queue import RunJob, open_run_queue
from switchboard.settings import Settings
from switchboard.worker.execution import backoff


def test_runs_stay_in_process_without_redis_and_queue_with_it() -> None:
    assert open_run_queue(Settings(redis_url=None)) is None
    assert (
        open_run_queue(Settings(redis_url="redis://127.0.0.1:1/0", run_queue="in_process")) is None
    )
    queue = open_run_queue(Settings(redis_url="redis://127.0.0.1:1/0", run_queue_name="q:runs"))
    assert queue is not None and queue.kind == "redis"
    assert queue.cancel_key("r1") == "q:runs:cancel:r1"  # type: ignore[attr-defined]


def test_a_redis_queue_without_redis_is_refused_with_a_sentence() -> None:
    with pytest.raises(ValidationError, match="run_queue=redis needs redis_url"):
        Settings(redis_url=None, run_queue="redis")


def test_a_job_reads_back_as_it_was_queued() -> None:
    job = RunJob("r1", "t1", {"tenant_id": "demo", "actor": "key:ops"}, "run", "refund ORD-1")
    assert RunJob.from_dict(job.as_dict()) == job


def test_backoff_doubles_from_the_base_and_is_capped() -> None:
    assert [backoff(0.5, n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]
    assert backoff(10.0, 30) == 300.0


@pytest.mark.parametrize("jobs", [11, 16])
def test_a_worker_refuses_more_runs_at_once_than_its_connections_allow(jobs: int) -> None:
    """Past the limit every run waited out the pool's timeout (16 jobs: 0.35 runs/s)."""
    from switchboard.worker.process import build_worker

    settings = Settings(redis_url="redis://127.0.0.1:1/0", run_queue_name="q:runs")
    with pytest.raises(ValueError, match=r"runs 1 to 10 runs at once \(asked for"):
        build_worker(settings, max_jobs=jobs)
