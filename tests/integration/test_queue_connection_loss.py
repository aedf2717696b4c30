"""Losing every Postgres connection mid-run, with runs on queue workers (2 APIs, 2 workers).

The distributed form of ``test_connection_loss``: ``pg_terminate_backend`` on every
connection to the database while two runs sit in their refund step on the workers (the
refund committed, the step not yet checkpointed), which cuts the workers' pooled
sessions, their checkpoint pools, the thread locks' connections and the API processes'
pools at once.
Each run in flight must fail or finish and say so (never stay ``running``), each
client's stream must end, and the next runs on both API processes must succeed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from tests.agui_client.driver import refund_count
from tests.integration.queue_cluster import queue_cluster
from tests.integration.test_connection_loss import terminate_connections
from tests.integration.test_queue_workers import (
    Cluster,
    paused,
    small_orders,
    sse_with_ids,
    status_of,
)
from tests.process_helpers import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

PAUSE_SECONDS = 3
TIMEOUT = 90.0


@pytest.fixture(scope="module")
def cluster(
    database_url: str, engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    """Two API processes and two workers on a queue of the module's own."""
    with queue_cluster(
        tmp_path_factory.mktemp("queue-loss"),
        database_url,
        engine,
        test_pause_at="after_execute",
        test_pause_seconds=str(PAUSE_SECONDS),
    ) as cluster:
        yield cluster


class Listener:
    """A client streaming one new run of ``thread`` from one API process, in a thread."""

    def __init__(self, cluster: Cluster, api: int, thread: str, text: str) -> None:
        self.events: list[tuple[str, str, dict[str, Any]]] = []
        self.failure: BaseException | None = None
        self._thread = threading.Thread(
            target=self._listen, args=(cluster, api, thread, text), daemon=True
        )
        self._thread.start()

    def _listen(self, cluster: Cluster, api: int, thread: str, text: str) -> None:
        try:
            with (
                cluster.api(api) as client,
                client.stream(
                    "POST", f"/threads/{thread}/runs/stream", json={"text": text}
                ) as response,
            ):
                assert response.status_code == 200, response.read()
                for item in sse_with_ids(response.iter_lines()):
                    self.events.append(item)
        except BaseException as exc:  # reported by the test
            self.failure = exc

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)
        assert not self._thread.is_alive(), f"the stream never ended: {self.names}"
        assert self.failure is None, repr(self.failure)

    @property
    def names(self) -> list[str]:
        return [name for _, name, _ in self.events]


def test_losing_every_connection_mid_run_ends_each_run_and_stream(
    cluster: Cluster, engine: Engine, database_url: str
) -> None:
    orders = small_orders(engine, 2)
    threads = [cluster.thread(f"q-loss{i}") for i in range(2)]
    listeners = [
        Listener(cluster, i, thread, f"Hi, I want a refund for order {order}, I cannot come")
        for i, (thread, order) in enumerate(zip(threads, orders, strict=True))
    ]
    for thread in threads:  # both runs are inside their refund step on a worker
        wait_until(lambda t=thread: any(paused(w, t) for w in cluster.workers), timeout=TIMEOUT)

    assert terminate_connections(database_url) >= 4  # each run's lock and session at least

    for listener in listeners:
        listener.join(TIMEOUT)
        assert listener.names[0] == "metadata", listener.names
        assert listener.names[-1] in ("end", "error"), listener.names
    for listener, order in zip(listeners, orders, strict=True):
        run_id = listener.events[0][2]["run_id"]
        wait_until(
            lambda r=run_id: status_of(engine, r)[0] not in ("queued", "running"),
            timeout=TIMEOUT,
        )
        status, _ = status_of(engine, run_id)
        assert status in ("done", "error"), status
        if listener.names[-1] == "end":
            assert listener.events[-1][2]["status"] == status
        assert refund_count(engine, order) == 1  # committed before the cut, never twice

    for api, thread in enumerate(threads):  # the threads and both API processes take runs
        with cluster.api(api) as client:
            assert client.get("/health/ready").status_code == 200
            answer = client.post(f"/threads/{thread}/runs", json={"text": "Show the pipeline"})
            assert answer.status_code == 202, answer.text
            run_id = answer.json()["run_id"]
        wait_until(
            lambda r=run_id: status_of(engine, r)[0] not in ("queued", "running"),
            timeout=TIMEOUT,
        )
        assert status_of(engine, run_id)[0] == "done"
    again = Listener(cluster, 1, cluster.thread("q-loss-new"), "Show the sales pipeline")
    again.join(TIMEOUT)
    assert again.names[-1] == "end" and again.events[-1][2]["status"] == "done"


@contextlib.contextmanager
def database_refuses_connections(database_url: str) -> Iterator[None]:
    """Cut every connection and refuse new ones for the block (a database restart)."""
    url = make_url(database_url)
    admin = url.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS false')
        try:
            terminate_connections(database_url)
            yield
        finally:
            conn.execute(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS true')


def test_a_database_that_refuses_connections_mid_run_leaves_no_run_running(
    cluster: Cluster, engine: Engine, database_url: str
) -> None:
    """The runs' steps, retries and endings meet a database that does not answer."""
    orders = small_orders(engine, 4)[2:]
    threads = [cluster.thread(f"q-down{i}") for i in range(2)]
    listeners = [
        Listener(cluster, i, thread, f"Hi, I want a refund for order {order}, I cannot come")
        for i, (thread, order) in enumerate(zip(threads, orders, strict=True))
    ]
    for thread in threads:
        wait_until(lambda t=thread: any(paused(w, t) for w in cluster.workers), timeout=TIMEOUT)

    with database_refuses_connections(database_url):
        # Outlasts the pause: the runs go on, then meet the outage (and retry into it).
        time.sleep(PAUSE_SECONDS + 3)

    for listener, order in zip(listeners, orders, strict=True):
        listener.join(TIMEOUT)
        assert listener.names[-1] in ("end", "error"), listener.names
        run_id = listener.events[0][2]["run_id"]
        wait_until(
            lambda r=run_id: status_of(engine, r)[0] not in ("queued", "running"),
            timeout=TIMEOUT,
        )
        assert status_of(engine, run_id)[0] in ("done", "error")
        assert refund_count(engine, order) == 1

    for api, thread in enumerate(threads):
        with cluster.api(api) as client:
            answer = client.post(f"/threads/{thread}/runs", json={"text": "Show the pipeline"})
            assert answer.status_code == 202, answer.text
            run_id = answer.json()["run_id"]
        wait_until(
            lambda r=run_id: status_of(engine, r)[0] not in ("queued", "running"),
            timeout=TIMEOUT,
        )
        assert status_of(engine, run_id)[0] == "done"


def test_a_run_whose_end_meets_an_outage_is_recorded_once_the_database_answers(
    cluster: Cluster, engine: Engine, database_url: str
) -> None:
    """Last in the module: it swaps the workers for one that pauses before each record."""
    for worker in list(cluster.workers):
        os.kill(worker.pid, signal.SIGTERM)
        assert worker.wait(TIMEOUT).returncode == 0
        cluster.workers.remove(worker)
    cluster.env = {**cluster.env, "SWITCHBOARD_TEST_PAUSE_AT": "worker_record"}
    worker = cluster.start_worker()
    thread = cluster.thread("q-record")
    listener = Listener(cluster, 0, thread, "Show the sales pipeline")
    mark = f"test pause at worker_record thread={thread}\n"
    wait_until(lambda: mark in worker.err_path.read_text(), timeout=TIMEOUT)

    with database_refuses_connections(database_url):
        time.sleep(PAUSE_SECONDS + 1)  # the first tries to record the end fail

    listener.join(TIMEOUT)
    assert listener.names[-1] == "end", listener.names
    run_id = listener.events[0][2]["run_id"]
    wait_until(lambda: status_of(engine, run_id)[0] not in ("queued", "running"), timeout=TIMEOUT)
    assert status_of(engine, run_id)[0] == "done"
    assert listener.events[-1][2]["status"] == "done"
    assert "recording its end failed" in worker.err_path.read_text()  # it met the outage
