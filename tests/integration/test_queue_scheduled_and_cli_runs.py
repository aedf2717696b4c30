"""Scheduled and CLI runs with the queue on: queued, then run by a worker.

Two API processes both run the scheduler loop (a short tick) against one database and
one queue with one worker. Each due period must start exactly one run, recorded with
its schedule and executed on the worker (only workers record a worker id). The
``switchboard scheduler`` command queues its fires for the worker too, and
``switchboard run`` queues its request and prints the worker's progress; Ctrl-C on it
cancels the run, on the worker or still queued. A refund run (support is ``full_auto``)
pauses on the worker after the refund commits (``test_pause_at=after_execute``), which
keeps it running long enough to press Ctrl-C; the other runs make no refund.
"""

from __future__ import annotations

import json
import os
import signal
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import Engine, func, select, text, update

from domain.base import utcnow
from domain.models import Cron, RunRecord
from tests.agui_client.driver import refund_count
from tests.integration.queue_cluster import queue_cluster
from tests.integration.test_queue_workers import (
    Cluster,
    paused,
    refund_text,
    small_orders,
    status_of,
)
from tests.process_helpers import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

TIMEOUT = 90.0
PAUSE_SECONDS = 25
"""How long a refund run sleeps on its worker after the refund (longer than a short run)."""


@pytest.fixture(scope="module")
def cluster(
    database_url: str, engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    with queue_cluster(
        tmp_path_factory.mktemp("queue-crons"),
        database_url,
        engine,
        workers=1,
        scheduler_tick_seconds="0.1",
        test_pause_at="after_execute",
        test_pause_seconds=str(PAUSE_SECONDS),
    ) as cluster:
        yield cluster


def ended(engine: Engine, run_id: str) -> bool:
    return status_of(engine, run_id)[0] not in ("queued", "running")


def runs_of(engine: Engine, cron_id: int) -> list[str]:
    with engine.connect() as conn:
        return [
            str(r[0])
            for r in conn.execute(select(RunRecord.id).where(RunRecord.cron_id == cron_id))
        ]


def test_due_crons_are_queued_once_by_two_schedulers_and_run_on_the_worker(
    cluster: Cluster, engine: Engine
) -> None:
    crons = []
    with cluster.api(0) as api:
        for name in ("insights-a", "insights-b", "insights-c"):
            made = api.post("/crons", json={"name": name, "kind": "daily_insights"})
            assert made.status_code == 201, made.text
            crons.append(made.json()["id"])
    with engine.begin() as conn:  # due at once on both API processes' schedulers
        conn.execute(
            update(Cron)
            .where(Cron.id.in_(crons))
            .values(next_run_at=utcnow() - timedelta(minutes=3))
        )

    for cron_id in crons:
        [run_id] = wait_until(partial(runs_of, engine, cron_id), timeout=TIMEOUT)
        wait_until(partial(ended, engine, run_id), timeout=TIMEOUT)
        status, worker = status_of(engine, run_id)
        assert status == "done"
        assert worker is not None and str(cluster.workers[0].pid) in worker
        with cluster.api(1) as other:
            fires = other.get(f"/crons/{cron_id}/fires").json()
            cron = other.get(f"/crons/{cron_id}").json()
        assert [(f["status"], f["run_id"]) for f in fires] == [("started", run_id)]
        assert cron["last_run_id"] == run_id
        assert cron["next_run_at"] > utcnow().isoformat()[:19]  # the period moved on
    with engine.connect() as conn:  # one run per period, and nothing more
        total = conn.scalar(select(func.count()).where(RunRecord.cron_id.in_(crons)))
    assert total == len(crons)


def runs_on(engine: Engine, thread_id: str) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(RunRecord.id).where(RunRecord.thread_id == thread_id).order_by(RunRecord.id)
        )
        return [str(r[0]) for r in rows]


def test_the_run_command_queues_its_request_and_prints_the_workers_progress(
    cluster: Cluster, engine: Engine
) -> None:
    thread = f"q-cli-{uuid.uuid4().hex[:8]}"
    shown = cluster.procs.run(
        cluster.env, "run", "Show the sales pipeline", "--thread", thread, timeout=TIMEOUT
    )
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert "routed to sales" in shown.stderr  # from the run's events, logged by the worker
    assert f"thread: {thread}  status: done" in shown.stdout
    [run_id] = runs_on(engine, thread)
    status, worker = status_of(engine, run_id)
    assert status == "done"
    assert worker is not None and str(cluster.workers[0].pid) in worker

    again = cluster.procs.run(
        cluster.env, "run", "And the forecast?", "--thread", thread, "--json", timeout=TIMEOUT
    )
    assert again.returncode == 0, again.stderr[-2000:]
    outcome = json.loads(again.stdout)
    assert outcome["status"] == "done" and outcome["answer"], outcome
    assert outcome["run_id"] in runs_on(engine, thread) and outcome["run_id"] != run_id
    assert status_of(engine, outcome["run_id"])[1] is not None  # a worker ran it too


def run_ended_done(cluster: Cluster, engine: Engine) -> str:
    """A short run on a new thread through the CLI, done on the module's worker; its id."""
    shown = cluster.procs.run(
        cluster.env, "run", "Show the sales pipeline", "--json", timeout=TIMEOUT
    )
    assert shown.returncode == 0, shown.stderr[-2000:]
    outcome = json.loads(shown.stdout)
    assert outcome["status"] == "done", outcome
    status, worker = status_of(engine, outcome["run_id"])
    assert status == "done"
    assert worker is not None and str(cluster.workers[0].pid) in worker
    return str(outcome["run_id"])


def test_ctrl_c_on_the_run_command_cancels_its_run_on_the_worker(
    cluster: Cluster, engine: Engine
) -> None:
    thread = f"q-ctrlc-{uuid.uuid4().hex[:8]}"
    [order] = small_orders(engine, 1)
    command = cluster.procs.start(cluster.env, "run", refund_text(order), "--thread", thread)
    wait_until(lambda: paused(cluster.workers[0], thread), timeout=TIMEOUT)
    paused_at = time.monotonic()
    [run_id] = runs_on(engine, thread)
    assert status_of(engine, run_id)[0] == "running"

    os.kill(command.pid, signal.SIGINT)
    stopped = command.wait(TIMEOUT)
    assert stopped.returncode == 130, stopped.stderr[-2000:]
    assert f"run {run_id} was cancelled" in stopped.stderr
    assert "Traceback" not in stopped.stderr
    status, worker = status_of(engine, run_id)
    assert status == "cancelled"
    assert worker is not None and str(cluster.workers[0].pid) in worker  # stopped there

    run_ended_done(cluster, engine)  # the worker takes the next run at once
    assert time.monotonic() - paused_at < PAUSE_SECONDS  # not after the stopped step's sleep


def checkpoints_of(engine: Engine, thread_id: str) -> int:
    with engine.connect() as conn:
        query = text("SELECT count(*) FROM checkpoints WHERE thread_id = :thread")
        return int(conn.execute(query, {"thread": thread_id}).scalar_one())


def test_ctrl_c_on_a_run_no_worker_took_cancels_it_at_once(
    cluster: Cluster, engine: Engine
) -> None:
    """No worker is up: the run is recorded cancelled; a worker that comes later skips it."""
    assert cluster.workers[0].kill9()
    cluster.workers.clear()
    thread = f"q-ctrlc-queued-{uuid.uuid4().hex[:8]}"
    command = cluster.procs.start(cluster.env, "run", "Show the sales pipeline", "--thread", thread)
    [run_id] = wait_until(lambda: runs_on(engine, thread), timeout=TIMEOUT)
    assert status_of(engine, run_id)[0] == "queued"

    os.kill(command.pid, signal.SIGINT)
    stopped = command.wait(TIMEOUT)
    assert stopped.returncode == 130, stopped.stderr[-2000:]
    assert f"run {run_id} was cancelled" in stopped.stderr
    assert status_of(engine, run_id) == ("cancelled", None)

    cluster.start_worker()
    run_ended_done(cluster, engine)  # queued after the cancelled one: the worker got past it
    assert status_of(engine, run_id) == ("cancelled", None)  # never claimed
    assert checkpoints_of(engine, thread) == 0  # its graph never ran


def test_the_run_command_requeues_the_run_of_a_killed_worker_and_follows_it_to_its_end(
    cluster: Cluster, engine: Engine
) -> None:
    """kill -9 of the only worker mid-run leaves the run recorded ``running`` on it.

    Only a live worker's sweep put such a run back, so the command, which read only the
    record, waited forever and said nothing. It now checks the worker's heartbeat as an
    API stream does: it puts the run back on the queue itself and says so (and that no
    worker is running); a worker started then resumes it from its checkpoint, the
    command prints its end, and the refund is made once.
    """
    thread = f"q-cli-killed-{uuid.uuid4().hex[:8]}"
    [order] = small_orders(engine, 1)
    command = cluster.procs.start(cluster.env, "run", refund_text(order), "--thread", thread)
    wait_until(lambda: paused(cluster.workers[0], thread), timeout=TIMEOUT)
    [run_id] = runs_on(engine, thread)
    assert cluster.workers[0].kill9()
    cluster.workers.clear()

    # No worker is left to sweep: the command is the one that notices.
    wait_until(lambda: status_of(engine, run_id) == ("queued", None), timeout=TIMEOUT)
    cluster.start_worker()
    finished = command.wait(TIMEOUT)
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert "stopped during the run; it is queued again" in finished.stderr
    assert "no `switchboard worker` is running" in finished.stderr
    assert f"thread: {thread}  status: done" in finished.stdout
    status, worker = status_of(engine, run_id)
    assert status == "done"
    assert worker is not None and str(cluster.workers[0].pid) in worker
    assert refund_count(engine, order) == 1


def test_the_scheduler_command_queues_a_due_cron_for_the_worker(
    cluster: Cluster, engine: Engine
) -> None:
    """Last in the module: it stops the API processes, whose schedulers would race it."""
    with cluster.api(0) as api:
        made = api.post("/crons", json={"name": "insights-cli", "kind": "daily_insights"})
        assert made.status_code == 201, made.text
        cron_id = made.json()["id"]
    for server in cluster.apis:
        os.kill(server.process.pid, signal.SIGTERM)
        server.process.wait(TIMEOUT)
    with engine.begin() as conn:
        conn.execute(
            update(Cron).where(Cron.id == cron_id).values(next_run_at=utcnow() - timedelta(hours=1))
        )

    once = cluster.procs.run(cluster.env, "scheduler", "--once", timeout=TIMEOUT)
    assert once.returncode == 0, once.stderr[-2000:]
    [run_id] = runs_of(engine, cron_id)
    assert json.loads(once.stdout)["started"] == [run_id]
    wait_until(lambda: status_of(engine, run_id)[0] not in ("queued", "running"), timeout=TIMEOUT)
    status, worker = status_of(engine, run_id)
    assert status == "done"
    assert worker is not None and str(cluster.workers[0].pid) in worker  # not the command
