"""A live worker late with its heartbeat keeps its run; a run taken from it ends once.

Real processes (an API process, two ``switchboard worker``s, Postgres, Redis), the
workers' heartbeat at 3 s and each refund run paused after its refund commits and
before its step is checkpointed (``test_pause_at=after_execute``). Under load a worker
once missed its heartbeat while it ran a run (its beat waited on a slow sweep); the
other worker's sweep requeued the run and a second attempt took it while the first
still ran it. Here:

* a worker frozen (SIGSTOP) past its heartbeat's lifetime, holding its run's thread,
  keeps the run: the sweep sees the thread's lock still held and leaves it;
* a run whose record is requeued from under its attempt (what a sweep does), or whose
  thread's lock is lost with its database connection, is stopped on that worker
  without recording anything, and finishes on one attempt: one refund, one outbox
  row, one ``end`` event in its log.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text, update

from adapters.thread_locks import lock_key
from domain.models import RunRecord
from tests.agui_client.driver import outbox_rows, refund_count
from tests.integration.test_queue_workers import (
    TIMEOUT,
    Cluster,
    paused,
    refund,
    small_orders,
    sse_with_ids,
    status_of,
)
from tests.process_helpers import CliProcess, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

PAUSE_SECONDS = 8
HEARTBEAT_SECONDS = 3  # queue_cluster's


@pytest.fixture(scope="module")
def cluster(
    database_url: str, engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    from tests.integration.queue_cluster import queue_cluster

    with queue_cluster(
        tmp_path_factory.mktemp("takeover"),
        database_url,
        engine,
        apis=1,
        workers=2,
        test_pause_at="after_execute",
        test_pause_seconds=str(PAUSE_SECONDS),
    ) as cluster:
        yield cluster


def end_events(cluster: Cluster, run_id: str) -> list[dict[str, Any]]:
    """The ``end`` events of the run's whole log."""
    with cluster.api(0) as api, api.stream("GET", f"/runs/{run_id}/stream") as response:
        assert response.status_code == 200
        events = list(sse_with_ids(response.iter_lines()))
    return [data for _, name, data in events if name == "end"]


def paused_worker(cluster: Cluster, thread: str) -> CliProcess:
    return wait_until(
        lambda: next((w for w in cluster.workers if paused(w, thread)), None), timeout=TIMEOUT
    )


def ended(engine: Engine, run_id: str) -> str:
    wait_until(lambda: status_of(engine, run_id)[0] not in ("queued", "running"), timeout=TIMEOUT)
    return status_of(engine, run_id)[0]


def assert_ran_once(cluster: Cluster, engine: Engine, run_id: str, thread: str, order: str) -> None:
    assert refund_count(engine, order) == 1
    assert len(outbox_rows(engine, thread)) == 1, outbox_rows(engine, thread)
    ends = end_events(cluster, run_id)
    assert [e["status"] for e in ends] == ["done"], ends
    with cluster.api(0) as api:  # the request was applied once
        messages = api.get(f"/threads/{thread}/state").json()["messages"]
    assert [m["role"] for m in messages].count("user") == 1, messages


def test_a_worker_frozen_past_its_heartbeat_keeps_its_run(cluster: Cluster, engine: Engine) -> None:
    (order, _, _) = small_orders(engine, 3)
    thread = cluster.thread("t-frozen")
    run_id = refund(cluster, 0, thread, order)
    frozen = paused_worker(cluster, thread)
    other = next(w for w in cluster.workers if w is not frozen)
    statuses: set[str] = set()
    os.kill(frozen.pid, signal.SIGSTOP)  # no beat, no sweep; its connections stay open
    try:
        until = time.monotonic() + 2 * HEARTBEAT_SECONDS
        while time.monotonic() < until:  # its heartbeat expires; the other one sweeps
            statuses.add(status_of(engine, run_id)[0])
            time.sleep(0.2)
    finally:
        os.kill(frozen.pid, signal.SIGCONT)
    assert statuses == {"running"}  # never put back on the queue from under it
    pattern = rf"run {re.escape(run_id)}: worker \S+ missed its heartbeat but still holds"
    assert re.search(pattern, other.err_path.read_text()), other.err_path.read_text()[-3000:]

    assert ended(engine, run_id) == "done"
    worker = status_of(engine, run_id)[1]
    assert worker is not None and f"-{frozen.pid}-" in worker  # it finished where it began
    assert_ran_once(cluster, engine, run_id, thread, order)
    assert "this attempt stopped" not in frozen.err_path.read_text()


def test_a_run_requeued_from_under_its_attempt_stops_there_and_ends_once(
    cluster: Cluster, engine: Engine
) -> None:
    (_, order, _) = small_orders(engine, 3)
    thread = cluster.thread("t-requeued")
    run_id = refund(cluster, 0, thread, order)
    first = paused_worker(cluster, thread)
    first_worker = status_of(engine, run_id)[1]
    with engine.begin() as conn:  # what a sweep that took the worker for dead does
        conn.execute(
            update(RunRecord)
            .where(RunRecord.id == run_id, RunRecord.status == "running")
            .values(status="queued", worker_id=None)
        )
    stopped = rf"run {re.escape(run_id)}: this attempt stopped: its record no longer says"
    wait_until(lambda: re.search(stopped, first.err_path.read_text()), timeout=TIMEOUT)

    assert ended(engine, run_id) == "done"
    last_worker = status_of(engine, run_id)[1]
    assert last_worker is not None
    logs = "".join(w.err_path.read_text() for w in cluster.workers)
    assert f"run {run_id} resumes from its last checkpoint" in logs  # not applied again
    assert_ran_once(cluster, engine, run_id, thread, order)
    assert first_worker is not None


def test_a_run_whose_thread_lock_was_lost_stops_there_and_ends_once(
    cluster: Cluster, engine: Engine
) -> None:
    (_, _, order) = small_orders(engine, 3)
    thread = cluster.thread("t-lock-lost")
    run_id = refund(cluster, 0, thread, order)
    first = paused_worker(cluster, thread)
    with engine.begin() as conn:  # the lock's connection dies (a restart, a terminated backend)
        killed = conn.execute(
            text(
                "select pg_terminate_backend(l.pid) from pg_locks l"
                " where l.locktype = 'advisory' and l.granted and l.objsubid = 1"
                " and ((l.classid::bigint << 32) | l.objid::bigint) = hashtext(:k)::bigint"
            ),
            {"k": lock_key(thread)},
        ).all()
    assert [tuple(r) for r in killed] == [(True,)]
    stopped = rf"run {re.escape(run_id)}: this attempt stopped: the lock of thread"
    wait_until(lambda: re.search(stopped, first.err_path.read_text()), timeout=TIMEOUT)

    assert ended(engine, run_id) == "done"
    assert_ran_once(cluster, engine, run_id, thread, order)
