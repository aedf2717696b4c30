"""AG-UI runs and approval resumes on queue workers: 2 API processes, 2 workers, Postgres, Redis.

The real AG-UI client (``@ag-ui/client``) talks to one API process; the run executes on
a worker and its events come back through the run's event log. An approval decided over
REST on the other API process resumes on a worker; the worker is killed after the
refund commits and before its step is checkpointed (``test_pause_at=after_execute``),
and the other worker resumes it again with the refund and its outbox row kept once.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import redis
from sqlalchemy import Engine, select

from adapters.run_events.protocol import id_key
from domain.demo import anchors
from domain.models import RunRecord
from tests.agui_client.driver import (
    ClientRun,
    Server,
    free_ports,
    new_key,
    node_client,
    outbox_rows,
    refund_count,
    run_client,
    start_servers,
    unrefunded_order,
)
from tests.integration.test_rate_limits import redis_url
from tests.process_helpers import (
    CliProcess,
    Processes,
    cli_env,
    cli_processes,
    wait_until,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

PAUSE_SECONDS = 8
TIMEOUT = 90.0
BELOW = anchors.ORDER_BELOW_REFUND_THRESHOLD


@dataclass
class Cluster:
    """The module's processes and what the tests need to reach them."""

    procs: Processes
    env: dict[str, str]
    apis: list[Server]
    key: str
    workers: list[CliProcess]

    def start_worker(self) -> None:
        worker = self.procs.start(self.env, "worker")
        wait_until(lambda: _started(worker), timeout=60, interval=0.1)
        self.workers.append(worker)

    def api(self, index: int) -> httpx.Client:
        return httpx.Client(
            base_url=self.apis[index].url,
            headers={"Authorization": f"Bearer {self.key}"},
            timeout=TIMEOUT,
        )


@pytest.fixture(scope="module")
def node() -> str:
    return node_client()


@pytest.fixture(scope="module")
def cluster(
    database_url: str, engine: Engine, node: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    """Two API processes and two workers on a queue of their own."""
    folder = tmp_path_factory.mktemp("queue-agui")
    queue = f"sbtest-{uuid.uuid4().hex[:8]}:runs"
    env = cli_env(
        database_url,
        folder,
        redis_url=redis_url(),
        run_queue_name=queue,
        worker_heartbeat_seconds="3",
        run_retry_seconds="0.2",
        test_pause_at="after_execute",
        test_pause_seconds=str(PAUSE_SECONDS),
    )
    key = new_key(engine, anchors.TENANT_ID)
    with cli_processes(folder) as procs:
        apis = start_servers(procs, env, free_ports(2))
        workers = [procs.start(env, "worker"), procs.start(env, "worker")]
        wait_until(lambda: all(_started(w) for w in workers), timeout=60, interval=0.1)
        yield Cluster(procs, env, apis, key, workers)
    keys = redis.Redis.from_url(redis_url())
    for name in keys.scan_iter(match=f"{queue}*"):  # the queue, heartbeats, cancels
        keys.delete(name)
    keys.close()


def _started(worker: CliProcess) -> bool:
    if not worker.alive():
        pytest.fail(f"the worker exited: {worker.err_path.read_text()[-2000:]}")
    return "takes runs from" in worker.err_path.read_text()


def records(engine: Engine, thread: str) -> list[tuple[str, str, str | None]]:
    """(kind, status, worker id) of the thread's runs, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(RunRecord.kind, RunRecord.status, RunRecord.worker_id)
            .where(RunRecord.thread_id == thread)
            .order_by(RunRecord.started_at, RunRecord.id)
        )
        return [(str(r[0]), str(r[1]), r[2]) for r in rows]


def paused(worker: CliProcess, thread: str) -> bool:
    pattern = rf"test pause at after_execute thread={re.escape(thread)}\b"
    return re.search(pattern, worker.err_path.read_text()) is not None


def test_an_agui_run_streams_from_one_api_process_and_runs_on_a_worker(
    cluster: Cluster, engine: Engine, node: str
) -> None:
    thread = f"qagui-{uuid.uuid4().hex[:8]}"
    order = unrefunded_order(engine, like=BELOW)
    request = f"Hi, I want a refund for order {order}, I cannot come"

    first = run_client(node, cluster.apis[0].url, cluster.key, thread, "run", "--message", request)

    assert first.returncode == 0, first.stderr
    types = first.summary["types"]
    assert types[0] == "RUN_STARTED"
    assert types[-2:] == ["CUSTOM", "RUN_FINISHED"]
    assert "TEXT_MESSAGE_CONTENT" in types
    interrupt = first.summary["onInterrupt"]
    assert [a["name"] for a in interrupt["action_requests"]] == ["process_refund"]
    ((kind, status, worker),) = records(engine, thread)
    assert (kind, status) == ("run", "interrupted")
    assert worker is not None  # executed by a worker, not the API process that streamed it
    assert not any(paused(w, thread) for w in cluster.workers)

    # The approval, from the other API process, over AG-UI: resumed on a worker.
    resumed = run_client(
        node, cluster.apis[1].url, cluster.key, thread, "resume", "--decision", "approve"
    )

    assert resumed.returncode == 0, resumed.stderr
    assert resumed.summary["lastType"] == "RUN_FINISHED"
    assert resumed.summary["onInterrupt"] is None
    assert "process_refund (support): done" in resumed.summary["messages"][-1]["content"]
    assert [r[:2] for r in records(engine, thread)] == [
        ("run", "interrupted"),
        ("resume", "done"),
    ]
    assert records(engine, thread)[1][2] is not None
    assert outbox_rows(engine, thread) == [("refund", "recorded")]
    assert refund_count(engine, order) == 1


def sse_events(response: httpx.Response) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """(id, AG-UI event) of each server-sent event as it arrives."""
    event_id: str | None = None
    for line in response.iter_lines():
        if line.startswith("id: "):
            event_id = line[4:]
        elif line.startswith("data: "):
            yield event_id, json.loads(line[6:])
            event_id = None


def test_a_client_that_disconnects_rejoins_on_the_other_api_process(
    cluster: Cluster, engine: Engine
) -> None:
    """The run goes on without its client; Last-Event-ID gets the rest of its events."""
    thread = f"qagui-join-{uuid.uuid4().hex[:8]}"
    body = {
        "threadId": thread,
        "runId": uuid.uuid4().hex,
        "state": {},
        "messages": [{"id": uuid.uuid4().hex, "role": "user", "content": "Show the pipeline"}],
        "tools": [],
        "context": [],
        "forwardedProps": {},
    }
    seen: list[tuple[str | None, dict[str, Any]]] = []
    with cluster.api(0) as api, api.stream("POST", "/agui", json=body) as response:
        assert response.status_code == 200
        for event_id, event in sse_events(response):
            seen.append((event_id, event))
            break  # the client goes away after RUN_STARTED
    assert seen[0][1]["type"] == "RUN_STARTED"
    last_id = seen[0][0]
    assert last_id is not None

    wait_until(lambda: records(engine, thread)[0][1] not in ("queued", "running"), timeout=TIMEOUT)
    ((_, status, worker),) = records(engine, thread)
    assert status == "done" and worker is not None  # it went on with no client

    with (
        cluster.api(1) as other,
        other.stream("POST", "/agui", json=body, headers={"Last-Event-ID": last_id}) as rest,
    ):
        assert rest.status_code == 200
        rejoined = list(sse_events(rest))
    types = [event["type"] for _, event in rejoined]
    assert "RUN_STARTED" not in types  # only what came after the id sent back
    assert types[-1] == "RUN_FINISHED"
    assert "STATE_SNAPSHOT" in types
    ids = [id_key(str(event_id)) for event_id, _ in rejoined[:-1]]
    assert ids == sorted(ids) and ids[0] > id_key(last_id)  # in order, after the one sent

    with cluster.api(1) as other:  # without Last-Event-ID a used run id is refused
        again = other.post("/agui", json=body)
        garbled = other.post("/agui", json=body, headers={"Last-Event-ID": "yesterday"})
    assert again.status_code == 409
    assert garbled.status_code == 422 and "Last-Event-ID" in garbled.text


def test_an_agui_resume_whose_worker_dies_ends_for_its_client_from_the_other_worker(
    cluster: Cluster, engine: Engine, node: str
) -> None:
    thread = f"qagui-kill-{uuid.uuid4().hex[:8]}"
    order = unrefunded_order(engine, like=BELOW)
    request = f"Hi, I want a refund for order {order}, I cannot come"
    first = run_client(node, cluster.apis[0].url, cluster.key, thread, "run", "--message", request)
    assert first.summary["onInterrupt"] is not None, first.stderr
    resumed: list[ClientRun] = []

    def resume() -> None:
        resumed.append(
            run_client(
                node,
                cluster.apis[1].url,
                cluster.key,
                thread,
                "resume",
                "--decision",
                "approve",
                timeout=TIMEOUT,
            )
        )

    client = threading.Thread(target=resume)
    client.start()
    doomed = wait_until(
        lambda: next((w for w in cluster.workers if paused(w, thread)), None), timeout=TIMEOUT
    )
    assert refund_count(engine, order) == 1  # committed, its step not yet checkpointed
    assert doomed.kill9()
    cluster.workers.remove(doomed)
    client.join(timeout=TIMEOUT + 10)

    (run,) = resumed
    assert run.returncode == 0, run.stderr  # the event sequence passed the client's checks
    assert run.summary["types"].count("RUN_STARTED") == 1
    assert run.summary["lastType"] == "RUN_FINISHED"
    assert run.summary["onInterrupt"] is None
    kind, status, worker = records(engine, thread)[1]
    assert (kind, status) == ("resume", "done")
    assert worker is not None and str(cluster.workers[0].pid) in worker
    assert refund_count(engine, order) == 1
    assert outbox_rows(engine, thread) == [("refund", "recorded")]
    cluster.start_worker()  # back to two for the next tests


def interrupted_refund(cluster: Cluster, engine: Engine, thread: str) -> tuple[str, int]:
    """A refund run on ``thread`` that waits for approval: its order and the approval id."""
    order = unrefunded_order(engine, like=BELOW)
    with cluster.api(0) as api:
        assert api.post("/threads", json={"id": thread}).status_code == 201
        answer = api.post(
            f"/threads/{thread}/runs",
            json={"text": f"Hi, I want a refund for order {order}, I cannot come"},
        )
        assert answer.status_code == 202, answer.text
    wait_until(lambda: records(engine, thread)[0][1] == "interrupted", timeout=TIMEOUT)
    with cluster.api(1) as other:
        (approval,) = other.get("/approvals", params={"thread_id": thread}).json()["items"]
    return order, int(approval["id"])


def test_a_bulk_approval_resumes_on_a_worker_and_answers_with_its_ending(
    cluster: Cluster, engine: Engine
) -> None:
    thread = f"qbulk-{uuid.uuid4().hex[:8]}"
    order, approval = interrupted_refund(cluster, engine, thread)

    with cluster.api(1) as other:
        answer = other.post("/approvals/bulk", json={"ids": [approval], "decision": "approve"})

    assert answer.status_code == 200, answer.text
    (item,) = answer.json()["results"]
    assert item["ok"] and item["thread_status"] == "done", item
    kind, status, worker = records(engine, thread)[1]
    assert (kind, status) == ("resume", "done") and worker is not None
    assert item["run_id"] == records_ids(engine, thread)[1]
    assert refund_count(engine, order) == 1
    assert outbox_rows(engine, thread) == [("refund", "recorded")]


def records_ids(engine: Engine, thread: str) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(RunRecord.id)
            .where(RunRecord.thread_id == thread)
            .order_by(RunRecord.started_at, RunRecord.id)
        )
        return [str(r[0]) for r in rows]


def test_an_approval_decided_on_the_other_api_process_resumes_on_a_worker_exactly_once(
    cluster: Cluster, engine: Engine
) -> None:
    """Last in the module: it kills a worker mid-resume."""
    thread = f"qappr-{uuid.uuid4().hex[:8]}"
    order, approval = interrupted_refund(cluster, engine, thread)

    decided: dict[str, Any] = {}

    def approve() -> None:
        with cluster.api(1) as other:
            response = other.post(f"/approvals/{approval}/approve")
            decided.update(status=response.status_code, body=response.json())

    approving = threading.Thread(target=approve)
    approving.start()
    doomed = wait_until(
        lambda: next((w for w in cluster.workers if paused(w, thread)), None), timeout=TIMEOUT
    )
    assert refund_count(engine, order) == 1  # committed, its step not yet checkpointed
    assert records(engine, thread)[1][:2] == ("resume", "running")
    assert doomed.kill9()
    survivor = next(w for w in cluster.workers if w is not doomed)

    wait_until(lambda: records(engine, thread)[1][1] not in ("queued", "running"), timeout=TIMEOUT)
    approving.join(timeout=TIMEOUT)
    kind, status, worker = records(engine, thread)[1]
    assert (kind, status) == ("resume", "done")
    assert worker is not None and str(survivor.pid) in worker  # finished on the other worker
    assert refund_count(engine, order) == 1
    assert outbox_rows(engine, thread) == [("refund", "recorded")]
    assert len(records(engine, thread)) == 2  # no recovery run of its own
    assert decided["status"] == 200, decided
    assert decided["body"]["run_id"] is not None
    assert decided["body"]["approval"]["status"] == "approved"
