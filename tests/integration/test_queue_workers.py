"""Runs on queue workers across real processes: 2 API processes, 2 workers, Postgres, Redis.

One set of processes serves the module (``switchboard serve`` twice, ``switchboard
worker`` twice, on a queue with its own name). The support agent runs in ``full_auto``,
so a small refund is made inside the run; the workers pause after the refund commits
and before its step is checkpointed (``test_pause_at=after_execute``), which keeps a
run busy long enough to kill its worker or cancel it there.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from langgraph_sdk import get_sync_client
from langgraph_sdk.client import SyncLangGraphClient
from langgraph_sdk.errors import APIStatusError
from langgraph_sdk.schema import Command
from sqlalchemy import Engine, insert, select

from domain.demo import anchors
from domain.models import Order, RunRecord
from server.services.next_runs import job_input
from tests.agui_client.driver import (
    Server,
    outbox_rows,
    refund_count,
)
from tests.process_helpers import CliProcess, Processes, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

PAUSE_SECONDS = 8
TIMEOUT = 90.0


@dataclass
class Cluster:
    """The module's processes and what the tests need to reach them."""

    procs: Processes
    env: dict[str, str]
    apis: list[Server]
    key: str
    workers: list[CliProcess]

    def api(self, index: int) -> httpx.Client:
        return httpx.Client(
            base_url=self.apis[index].url,
            headers={"Authorization": f"Bearer {self.key}"},
            timeout=TIMEOUT,
        )

    def thread(self, prefix: str) -> str:
        """A new thread of the tenant."""
        thread = f"{prefix}-{uuid.uuid4().hex[:8]}"
        with self.api(0) as api:
            answer = api.post("/threads", json={"id": thread})
        assert answer.status_code == 201, answer.text
        return thread

    def start_worker(self) -> CliProcess:
        return self.start_workers(1)[0]

    def start_workers(self, count: int) -> list[CliProcess]:
        """Start ``count`` workers at once (their start-ups overlap), then wait for each."""
        started = [self.procs.start(self.env, "worker") for _ in range(count)]
        for worker in started:
            wait_until(lambda w=worker: _started(w), timeout=60, interval=0.1)
        self.workers.extend(started)
        return started


def _started(worker: CliProcess) -> bool:
    if not worker.alive():
        pytest.fail(f"the worker exited: {worker.err_path.read_text()[-2000:]}")
    return "takes runs from" in worker.err_path.read_text()


@pytest.fixture(scope="module")
def cluster(
    database_url: str, engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    """Two API processes (no worker yet: the first test starts them)."""
    from tests.integration.queue_cluster import queue_cluster  # it imports Cluster from here

    with queue_cluster(
        tmp_path_factory.mktemp("queue"),
        database_url,
        engine,
        workers=0,
        test_pause_at="after_execute",
        test_pause_seconds=str(PAUSE_SECONDS),
    ) as cluster:
        yield cluster


def small_orders(engine: Engine, count: int) -> list[str]:
    """Paid orders below the $500 refund limit, which full_auto refunds without asking."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Order.number)
            .where(
                Order.tenant_id == anchors.TENANT_ID,
                Order.amount < 500,
                Order.status == "paid",
            )
            .order_by(Order.number)
            .limit(count)
        )
        found = [str(r[0]) for r in rows]
    assert len(found) == count
    return found


def status_of(engine: Engine, run_id: str) -> tuple[str, str | None]:
    with engine.connect() as conn:
        row = conn.execute(
            select(RunRecord.status, RunRecord.worker_id).where(RunRecord.id == run_id)
        ).one()
    return str(row[0]), row[1]


def status_records(engine: Engine, thread: str) -> dict[str, str]:
    """The thread's run records: status by run id."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(RunRecord.id, RunRecord.status).where(RunRecord.thread_id == thread)
        )
        return {str(r[0]): str(r[1]) for r in rows}


def paused(worker: CliProcess, thread: str) -> bool:
    pattern = rf"test pause at after_execute thread={re.escape(thread)}\b"
    return re.search(pattern, worker.err_path.read_text()) is not None


def refund(cluster: Cluster, api: int, thread: str, order: str) -> str:
    with cluster.api(api) as client:
        answer = client.post(
            f"/threads/{thread}/runs",
            json={"text": f"Hi, I want a refund for order {order}, I cannot come"},
        )
    assert answer.status_code == 202, answer.text
    return str(answer.json()["run_id"])


def test_a_run_accepted_with_no_worker_waits_queued_then_runs(
    cluster: Cluster, engine: Engine
) -> None:
    thread = cluster.thread("q-wait")
    with cluster.api(0) as api:
        answer = api.post(f"/threads/{thread}/runs", json={"text": "Show the sales pipeline"})
        assert answer.status_code == 202, answer.text
        run_id = answer.json()["run_id"]
        assert api.get(f"/runs/{run_id}").json()["status"] == "queued"
        again = api.post(f"/threads/{thread}/runs", json={"text": "And the forecast?"})
        assert again.status_code == 409  # one active run per thread, queued or running
    with cluster.api(1) as other:  # the other API process sees the same queue
        assert other.get(f"/runs/{run_id}").json()["status"] == "queued"
        ready = other.get("/health/ready").json()
        assert ready["queue"].startswith("redis (0 workers)")

    cluster.start_workers(2)

    wait_until(lambda: status_of(engine, run_id)[0] in ("done", "error"), timeout=TIMEOUT)
    status, worker = status_of(engine, run_id)
    assert status == "done"
    assert worker is not None  # recorded with the worker that ran it
    with cluster.api(1) as other:
        assert other.get("/health/ready").json()["queue"] == "redis (2 workers)"


def test_a_worker_killed_mid_run_leaves_the_run_to_the_other_and_refunds_once(
    cluster: Cluster, engine: Engine
) -> None:
    if len(cluster.workers) < 2:
        pytest.skip("needs the workers the first test starts")
    (order,) = small_orders(engine, 1)
    thread = cluster.thread("q-kill")
    run_id = refund(cluster, 0, thread, order)

    doomed = wait_until(
        lambda: next((w for w in cluster.workers if paused(w, thread)), None), timeout=TIMEOUT
    )
    assert refund_count(engine, order) == 1  # committed, its step not yet checkpointed
    assert doomed.kill9()
    cluster.workers.remove(doomed)
    survivor = cluster.workers[0]

    wait_until(lambda: status_of(engine, run_id)[0] not in ("queued", "running"), timeout=TIMEOUT)
    status, worker = status_of(engine, run_id)
    assert status == "done"
    assert worker is not None and str(survivor.pid) in worker  # finished on the other worker
    assert refund_count(engine, order) == 1
    assert len(outbox_rows(engine, thread)) == 1, outbox_rows(engine, thread)
    with cluster.api(1) as api:  # resumed from its checkpoint, not asked a second time
        messages = api.get(f"/threads/{thread}/state").json()["messages"]
    assert [m["role"] for m in messages].count("user") == 1, messages
    assert "resumes from its last checkpoint" in survivor.err_path.read_text()
    cluster.start_worker()  # back to two for the next tests


def test_a_cancel_from_the_other_api_process_stops_the_run_on_its_worker(
    cluster: Cluster, engine: Engine
) -> None:
    if len(cluster.workers) < 2:
        pytest.skip("needs the workers the first test starts")
    (_, order) = small_orders(engine, 2)
    thread = cluster.thread("q-cancel")
    run_id = refund(cluster, 0, thread, order)
    wait_until(lambda: any(paused(w, thread) for w in cluster.workers), timeout=TIMEOUT)

    with cluster.api(1) as other:
        answer = other.post(f"/runs/{run_id}/cancel")
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "cancelled"
        assert other.post(f"/runs/{run_id}/cancel").status_code == 409
        follow_up = other.post(f"/threads/{thread}/runs", json={"text": "Show the sales pipeline"})
        assert follow_up.status_code == 202, follow_up.text  # the thread is free again
    assert status_of(engine, run_id)[0] == "cancelled"


def test_sigterm_drains_a_worker_its_run_finishes_there(cluster: Cluster, engine: Engine) -> None:
    if len(cluster.workers) < 2:
        pytest.skip("needs the workers the first test starts")
    (_, _, _, order) = small_orders(engine, 4)
    thread = cluster.thread("q-drain")
    run_id = refund(cluster, 0, thread, order)
    draining = wait_until(
        lambda: next((w for w in cluster.workers if paused(w, thread)), None), timeout=TIMEOUT
    )
    os.kill(draining.pid, signal.SIGTERM)  # mid-run: it takes nothing new, finishes this one
    finished = draining.wait(TIMEOUT)
    cluster.workers.remove(draining)
    assert finished.returncode == 0, finished.stderr[-2000:]
    status, worker = status_of(engine, run_id)
    assert status == "done"
    assert worker is not None and str(draining.pid) in worker
    assert refund_count(engine, order) == 1
    cluster.start_worker()


def sdk(cluster: Cluster, api: int) -> SyncLangGraphClient:
    """The real ``langgraph-sdk`` client on one API process's server API."""
    return get_sync_client(
        url=cluster.apis[api].url + "/langgraph", api_key=cluster.key, timeout=TIMEOUT
    )


def ask(text: str) -> dict[str, Any]:
    return {"messages": [{"role": "human", "content": text}]}


def asked(client: SyncLangGraphClient, thread: str) -> list[str]:
    """The human messages of the thread's state, in order."""
    values = client.threads.get_state(thread)["values"]
    assert isinstance(values, dict)
    return [str(m["content"]) for m in values["messages"] if m["type"] == "human"]


def refund_text(order: str) -> str:
    return f"Hi, I want a refund for order {order}, I cannot come"


def test_a_langgraph_run_created_on_one_api_process_is_followed_on_the_other(
    cluster: Cluster, engine: Engine
) -> None:
    if not cluster.workers:
        pytest.skip("needs the workers the first test starts")
    a, b = sdk(cluster, 0), sdk(cluster, 1)
    thread = a.threads.create()["thread_id"]
    run = a.runs.create(
        thread,
        "switchboard",
        input=ask("Show the sales pipeline"),
        stream_mode=["values", "updates"],
    )
    assert run["status"] == "pending"
    parts = list(b.runs.join_stream(thread, run["run_id"]))
    names = [p.event for p in parts]
    assert names[0] == "metadata" and parts[0].data["run_id"] == run["run_id"], names
    assert {"values", "updates"} <= set(names) and "error" not in names, names
    last = [p.data for p in parts if p.event == "values"][-1]
    assert [m["type"] for m in last["messages"]][:1] == ["human"] and last.get("answer"), last
    joined = b.runs.join(thread, run["run_id"])
    assert [m["content"] for m in joined["messages"] if m["type"] == "human"] == [
        "Show the sales pipeline"
    ]
    assert b.runs.get(thread, run["run_id"])["status"] == "success"
    status, worker = status_of(engine, run["run_id"])
    assert status == "done" and worker is not None  # a worker ran it, not an API process

    # Stream modes and the subgraphs flag reach the worker: namespaced events come back.
    streamed = list(
        b.runs.stream(
            thread,
            "switchboard",
            input=ask("And the forecast?"),
            stream_mode=["updates", "messages-tuple"],
            stream_subgraphs=True,
        )
    )
    names = [p.event for p in streamed]
    assert names[0] == "metadata", names
    assert any(n.startswith("updates|") for n in names), names
    assert set(names) <= {"metadata", "updates", "messages"} | {
        n for n in names if n.startswith(("updates|", "messages|"))
    }
    waited = a.runs.wait(thread, "switchboard", input=ask("Thanks"))
    assert isinstance(waited, dict)
    assert [m["content"] for m in waited["messages"] if m["type"] == "human"] == [
        "Show the sales pipeline",
        "And the forecast?",
        "Thanks",
    ]
    assert [r["status"] for r in a.runs.list(thread)] == ["success"] * 3


def busy_refund(cluster: Cluster, order: str, thread: str) -> str:
    """A refund run created on API process 0, paused on its worker; its id."""
    run = sdk(cluster, 0).runs.create(thread, "switchboard", input=ask(refund_text(order)))
    wait_until(lambda: any(paused(w, thread) for w in cluster.workers), timeout=TIMEOUT)
    return str(run["run_id"])


def test_enqueue_on_the_other_api_process_runs_after_the_active_run(
    cluster: Cluster, engine: Engine
) -> None:
    if not cluster.workers:
        pytest.skip("needs the workers the first test starts")
    order = small_orders(engine, 7)[4]
    b = sdk(cluster, 1)
    thread = b.threads.create()["thread_id"]
    first = busy_refund(cluster, order, thread)
    second = b.runs.create(
        thread, "switchboard", input=ask("Show the sales pipeline"), multitask_strategy="enqueue"
    )
    assert second["status"] == "pending"
    assert status_of(engine, second["run_id"])[0] == "pending"  # waits, not on the queue
    assert b.runs.get(thread, second["run_id"])["status"] == "pending"
    b.runs.join(thread, second["run_id"])
    assert [b.runs.get(thread, r)["status"] for r in (first, second["run_id"])] == ["success"] * 2
    assert asked(b, thread) == [refund_text(order), "Show the sales pipeline"]
    assert refund_count(engine, order) == 1


def test_interrupt_on_the_other_api_process_stops_the_run_keeping_its_progress(
    cluster: Cluster, engine: Engine
) -> None:
    if not cluster.workers:
        pytest.skip("needs the workers the first test starts")
    order = small_orders(engine, 7)[5]
    b = sdk(cluster, 1)
    thread = b.threads.create()["thread_id"]
    first = busy_refund(cluster, order, thread)
    second = b.runs.create(
        thread, "switchboard", input=ask("Show the sales pipeline"), multitask_strategy="interrupt"
    )
    b.runs.join(thread, second["run_id"])
    assert b.runs.get(thread, first)["status"] == "interrupted"
    assert status_of(engine, first)[0] == "cancelled"
    assert b.runs.get(thread, second["run_id"])["status"] == "success"
    # The stopped run's request and its committed refund stay; the new run follows them.
    assert asked(b, thread) == [refund_text(order), "Show the sales pipeline"]
    assert refund_count(engine, order) == 1


def test_rollback_on_the_other_api_process_deletes_the_run_and_its_progress(
    cluster: Cluster, engine: Engine
) -> None:
    if not cluster.workers:
        pytest.skip("needs the workers the first test starts")
    order = small_orders(engine, 7)[6]
    b = sdk(cluster, 1)
    thread = b.threads.create()["thread_id"]
    b.runs.wait(thread, "switchboard", input=ask("Show the sales pipeline"))
    first = busy_refund(cluster, order, thread)
    second = b.runs.create(
        thread, "switchboard", input=ask("And the forecast?"), multitask_strategy="rollback"
    )
    b.runs.join(thread, second["run_id"])
    with pytest.raises(APIStatusError) as gone:
        b.runs.get(thread, first)
    assert gone.value.response.status_code == 404
    with engine.connect() as conn:
        assert conn.execute(select(RunRecord.id).where(RunRecord.id == first)).first() is None
    assert b.runs.get(thread, second["run_id"])["status"] == "success"
    # Back to where the rolled-back run began: its request is not in the thread.
    assert asked(b, thread) == ["Show the sales pipeline", "And the forecast?"]
    assert [r["status"] for r in b.runs.list(thread)] == ["success", "success"]


def test_rollback_of_a_thread_s_first_run_starts_the_new_one_on_an_empty_thread(
    cluster: Cluster, engine: Engine
) -> None:
    if not cluster.workers:
        pytest.skip("needs the workers the first test starts")
    order = small_orders(engine, 8)[7]
    b = sdk(cluster, 1)
    thread = b.threads.create()["thread_id"]
    first = busy_refund(cluster, order, thread)
    second = b.runs.create(
        thread, "switchboard", input=ask("And the forecast?"), multitask_strategy="rollback"
    )
    b.runs.join(thread, second["run_id"])
    assert asked(b, thread) == ["And the forecast?"]
    assert [r["run_id"] for r in b.runs.list(thread)] == [second["run_id"]]
    assert first not in status_records(engine, thread)
    assert refund_count(engine, order) == 1  # a committed action is not undone, only forgotten


def test_a_langgraph_resume_decided_on_the_other_api_process_runs_on_a_worker(
    cluster: Cluster, engine: Engine
) -> None:
    """A refund above the limit waits for approval; the HITL resume is queued like a run."""
    if not cluster.workers:
        pytest.skip("needs the workers the first test starts")
    order = anchors.ORDER_ABOVE_REFUND_THRESHOLD
    a, b = sdk(cluster, 0), sdk(cluster, 1)
    thread = a.threads.create()["thread_id"]
    waiting = a.runs.wait(thread, "switchboard", input=ask(refund_text(order)))
    assert isinstance(waiting, dict)
    [interrupt] = waiting["__interrupt__"]
    actions = [r["name"] for r in interrupt["value"]["action_requests"]]
    assert "process_refund" in actions, actions
    assert refund_count(engine, order) == 0
    decision: Command = {"resume": {"decisions": [{"type": "approve"} for _ in actions]}}
    with pytest.raises((APIStatusError, httpx.HTTPStatusError)) as wrong:  # checked here
        b.runs.wait(thread, "switchboard", command={"resume": {"decisions": []}})
    assert wrong.value.response.status_code == 422
    done = b.runs.wait(thread, "switchboard", command=decision)
    assert isinstance(done, dict)
    assert "__interrupt__" not in done, done
    assert refund_count(engine, order) == 1
    runs: list[dict[str, Any]] = [dict(r) for r in b.runs.list(thread)]
    statuses = [(r["status"], r["kwargs"]["command"] is not None) for r in runs]
    assert statuses == [("success", True), ("success", False)]


def test_a_pending_run_whose_promoters_died_is_started_by_the_sweep(
    cluster: Cluster, engine: Engine
) -> None:
    """As if the API process that recorded it and the worker that freed the thread both
    died before queueing it: a worker's sweep finds it and a worker runs it."""
    if not cluster.workers:
        pytest.skip("needs the workers the first test starts")
    b = sdk(cluster, 1)
    thread = b.threads.create()["thread_id"]
    run_id = str(uuid.uuid4())
    context = {"tenant_id": anchors.TENANT_ID, "actor": "tests"}
    extra = {"form": "langgraph", "stream_mode": ["values"], "subgraphs": False}
    extra["input"] = ask("Show the sales pipeline")
    with engine.begin() as conn:
        conn.execute(
            insert(RunRecord).values(
                id=run_id,
                tenant_id=anchors.TENANT_ID,
                thread_id=thread,
                kind="run",
                status="pending",
                actor="tests",
                input={"text": "Show the sales pipeline", **job_input(context, extra)},
            )
        )
    ended = ("done", "error", "cancelled")
    wait_until(lambda: status_of(engine, run_id)[0] in ended, timeout=TIMEOUT)
    assert status_of(engine, run_id)[0] == "done"
    assert asked(b, thread) == ["Show the sales pipeline"]


def test_a_failed_run_retried_through_the_other_api_process_runs_on_a_worker(
    cluster: Cluster, engine: Engine
) -> None:
    if not cluster.workers:
        pytest.skip("needs the workers the first test starts")
    thread = cluster.thread("q-retry")
    failed = f"failed-{uuid.uuid4().hex[:8]}"
    with engine.begin() as conn:
        conn.execute(
            insert(RunRecord).values(
                id=failed,
                tenant_id=anchors.TENANT_ID,
                thread_id=thread,
                kind="run",
                status="error",
                actor="tests",
                error="ConnectionError: the model did not answer",
                input={"text": "Show the sales pipeline", "via": "rest"},
            )
        )
    with cluster.api(1) as api:
        answer = api.post(f"/errors/{failed}/retry")
    assert answer.status_code == 202, answer.text
    retry = answer.json()["run_id"]

    wait_until(lambda: status_of(engine, retry)[0] in ("done", "error"), timeout=TIMEOUT)
    status, worker = status_of(engine, retry)
    assert (status, worker is not None) == ("done", True)  # run by a worker, not the API
    with cluster.api(0) as api:
        assert api.get(f"/runs/{retry}").json()["input"]["retry_of"] == failed


def sse_with_ids(lines: Iterator[str]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(id, event, data)`` of a text/event-stream, as each event arrives."""
    event_id, name, data = "", "message", list[str]()
    for line in lines:
        if not line:
            if data:
                yield event_id, name, json.loads("\n".join(data))
            event_id, name, data = "", "message", []
        elif line.startswith("id:"):
            event_id = line[3:].strip()
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())


def test_a_client_whose_api_process_dies_gets_the_rest_from_the_other(
    cluster: Cluster, engine: Engine
) -> None:
    """Last in the module: it kills the first API process."""
    if len(cluster.workers) < 2:
        pytest.skip("needs the workers the first test starts")
    (_, _, order) = small_orders(engine, 3)
    thread = cluster.thread("q-stream")
    before: list[tuple[str, str, dict[str, Any]]] = []

    def listen() -> None:
        with (
            cluster.api(0) as api,
            api.stream(
                "POST",
                f"/threads/{thread}/runs/stream",
                json={"text": f"Hi, I want a refund for order {order}, I cannot come"},
            ) as response,
        ):
            assert response.status_code == 200
            with contextlib.suppress(httpx.HTTPError):
                for item in sse_with_ids(response.iter_lines()):
                    before.append(item)

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    wait_until(lambda: any(paused(w, thread) for w in cluster.workers), timeout=TIMEOUT)
    wait_until(lambda: len(before) >= 2, timeout=TIMEOUT)  # metadata and the route at least
    assert cluster.apis[0].process.kill9()  # mid-stream: the run's step is paused
    listener.join(timeout=30)
    assert not listener.is_alive()
    assert before[0][1] == "metadata" and all(name != "end" for _, name, _ in before)
    run_id = before[0][2]["run_id"]

    with (
        cluster.api(1) as other,
        other.stream(
            "GET", f"/runs/{run_id}/stream", headers={"Last-Event-ID": before[-1][0]}
        ) as response,
    ):
        assert response.status_code == 200
        rest = list(sse_with_ids(response.iter_lines()))
    assert rest and rest[-1][1] == "end" and rest[-1][2]["status"] == "done"

    with cluster.api(1) as other, other.stream("GET", f"/runs/{run_id}/stream") as response:
        whole = list(sse_with_ids(response.iter_lines()))
    assert before + rest == whole  # nothing lost, nothing twice, in order
    assert refund_count(engine, order) == 1
