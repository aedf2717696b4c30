"""Runs over REST: background start, SSE stream, busy threads, records, and a real cancel."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from adapters.thread_locks import thread_lock
from domain.models import RunRecord
from tests.api_helpers import (
    REFUND_REQUEST,
    TENANT_A,
    Api,
    SlowModels,
    serve,
    serve_demo_copy,
    sse_events,
)

PIPELINE_REQUEST = "Which sponsors have not paid their invoices and what is our pipeline value?"
"""Routed to the sales agent, whose model is called (so a slow model holds the run there)."""


@pytest.fixture
async def api(fresh_demo_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(fresh_demo_url, tmp_path / "data") as running:
        yield running


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_api(
    demo_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Api]:
    """One app for the refused run requests: each makes a thread of its own and no run."""
    async with serve_demo_copy(demo_sqlite_template, tmp_path_factory.mktemp("runs")) as running:
        yield running


@pytest.fixture
def slow() -> SlowModels:
    return SlowModels(delay=1.0)


@pytest.fixture
async def slow_api(fresh_demo_url: str, tmp_path: Path, slow: SlowModels) -> AsyncIterator[Api]:
    async with serve(fresh_demo_url, tmp_path / "data", model=slow) as running:
        yield running


async def test_a_background_run_records_status_timing_output_agents_and_tokens(api: Api) -> None:
    thread_id = await api.new_thread(title="insights")
    accepted = await api.a.post(f"/threads/{thread_id}/runs", json={"text": "daily insights"})
    assert accepted.status_code == 202
    assert accepted.json()["status"] == "running"
    run = await api.wait_run(accepted.json()["run_id"])

    assert run["status"] == "done"
    assert run["kind"] == "run"
    assert run["input"] == {"text": "daily insights", "via": "rest"}
    assert run["agents"] == ["analytics"]
    assert run["output"]["departments"] == {"analytics": "done"}
    assert run["output"]["answer"].startswith("Daily insights for Northwind AI Summit 2026")
    assert run["output"]["interrupts"] == []
    assert run["tokens"]["total"] == run["tokens"]["input"] + run["tokens"]["output"]
    assert run["duration_ms"] is not None and run["duration_ms"] >= 0
    assert run["finished_at"] >= run["started_at"]
    assert run["live"] is False and run["error"] is None

    listed = (await api.a.get(f"/threads/{thread_id}/runs")).json()
    assert [r["id"] for r in listed["items"]] == [run["id"]]
    newest = (await api.a.get("/runs", params={"limit": 1})).json()
    assert newest["items"][0]["id"] == run["id"]
    assert (await api.a.get(f"/threads/{thread_id}")).json()["status"] == "idle"


async def test_a_run_waiting_for_approval_refuses_a_new_request(api: Api) -> None:
    run = await api.run(REFUND_REQUEST)
    assert run["status"] == "interrupted"
    (interrupt,) = run["output"]["interrupts"]
    assert interrupt["action_requests"][0]["name"] == "process_refund"

    thread = (await api.a.get(f"/threads/{run['thread_id']}")).json()
    assert (thread["status"], thread["pending_approvals"]) == ("interrupted", 1)
    again = await api.a.post(f"/threads/{run['thread_id']}/runs", json={"text": "hello"})
    assert again.status_code == 409
    assert "waiting for approval" in again.json()["error"]


async def test_the_stream_sends_metadata_updates_interrupt_and_end(api: Api) -> None:
    thread_id = await api.new_thread()
    response = await api.a.post(f"/threads/{thread_id}/runs/stream", json={"text": REFUND_REQUEST})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = [(name, json.loads(data)) for name, data in sse_events(response.text)]

    names = [name for name, _ in events]
    assert names[0] == "metadata" and names[-2:] == ["interrupt", "end"]
    assert set(names[1:-2]) == {"updates"}
    run_id = events[0][1]["run_id"]
    route = next(data for name, data in events if name == "updates" and data["node"] == "route")
    assert route["agents"] == ["support"]
    support = [d for n, d in events if n == "updates" and d["department"] == "support"]
    assert {"understand", "lookup_ticket", "publish"} <= {d["node"] for d in support}
    published = next(d for d in support if d["node"] == "publish")
    assert published["results"][0]["status"] == "done"
    assert published["results"][0]["pending_actions"] == 1
    assert events[-2][1]["action_requests"][0]["name"] == "process_refund"
    assert events[-1][1]["status"] == "interrupted"
    assert "system" not in response.text.lower()  # prompts never cross the wire
    run = await api.wait_run(run_id)
    assert (run["status"], run["input"]["via"]) == ("interrupted", "rest-stream")


async def test_a_busy_thread_answers_409_and_never_starts_a_second_run(
    slow_api: Api, slow: SlowModels
) -> None:
    thread_id = await slow_api.new_thread()
    first = await slow_api.a.post(f"/threads/{thread_id}/runs", json={"text": PIPELINE_REQUEST})
    assert first.status_code == 202

    second = await slow_api.a.post(f"/threads/{thread_id}/runs", json={"text": "daily insights"})
    streamed = await slow_api.a.post(
        f"/threads/{thread_id}/runs/stream", json={"text": "daily insights"}
    )
    assert second.status_code == streamed.status_code == 409
    assert second.json()["error"] == f"thread {thread_id} is busy with another run"
    runs = (await slow_api.a.get(f"/threads/{thread_id}/runs")).json()
    assert [r["id"] for r in runs["items"]] == [first.json()["run_id"]]
    cancelled = await slow_api.a.post(f"/runs/{first.json()['run_id']}/cancel")
    assert cancelled.json()["status"] == "cancelled"


async def test_cancel_stops_the_run_before_any_later_node(slow_api: Api, slow: SlowModels) -> None:
    thread_id = await slow_api.new_thread()
    started = await slow_api.a.post(f"/threads/{thread_id}/runs", json={"text": PIPELINE_REQUEST})
    run_id = started.json()["run_id"]
    for _ in range(200):  # until the sales agent's first model call is under way
        if slow.model is not None and slow.model.calls >= 1:
            break
        await asyncio.sleep(0.01)
    assert slow.model is not None and slow.model.calls == 1
    assert (await slow_api.a.get(f"/runs/{run_id}")).json()["live"] is True

    response = await slow_api.a.post(f"/runs/{run_id}/cancel")
    assert response.status_code == 200
    run = response.json()
    assert (run["status"], run["error"], run["live"]) == (
        "cancelled",
        "cancelled on request",
        False,
    )

    await asyncio.sleep(slow.delay * 1.5)  # a run that went on would have called again by now
    assert slow.model.calls == 1
    state = (await slow_api.a.get(f"/threads/{thread_id}/state")).json()
    assert state["answer"] == "" and state["results"] == []
    assert [m["role"] for m in state["messages"]] == ["user"]
    assert state["next"] == ["sales"]  # the last checkpoint is from before the department ran
    assert (await slow_api.a.get(f"/threads/{thread_id}")).json()["status"] == "idle"

    again = await slow_api.a.post(f"/runs/{run_id}/cancel")
    assert again.status_code == 409
    assert again.json()["error"] == f"run {run_id} is not running (it ended: cancelled)"
    after = await slow_api.run(REFUND_REQUEST, thread_id=thread_id)  # the thread is free
    assert after["status"] == "interrupted"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": ""}, "text: String should have at least 1 character"),
        ({"text": "   "}, "text: the request is empty; say what you need"),
        (
            {"text": "a\u0000b"},
            "the value at text holds a NUL character (\\u0000), which cannot be stored; remove it",
        ),
        ({"text": 5}, "text: Input should be a valid string"),
        ({"text": "hi", "mode": "fast"}, "mode: Extra inputs are not permitted"),
        ({}, "text: Field required"),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_a_bad_run_request_is_a_422_naming_the_argument(
    shared_api: Api, body: dict[str, str], message: str
) -> None:
    thread_id = await shared_api.new_thread()
    response = await shared_api.a.post(f"/threads/{thread_id}/runs", json=body)
    assert response.status_code == 422
    assert response.json()["error"] == message
    runs = await shared_api.a.get(f"/threads/{thread_id}/runs")
    assert runs.status_code == 200 and runs.json()["items"] == []  # none was started


async def test_unknown_runs_and_threads_are_404_and_pages_are_bounded(api: Api) -> None:
    missing = await api.a.post("/threads/nope/runs", json={"text": "daily insights"})
    assert missing.status_code == 404
    assert missing.json()["error"] == "no thread 'nope' for this tenant (thread_id)"
    assert (await api.a.get("/runs/nope")).json()[
        "error"
    ] == "no run 'nope' for this tenant (run_id)"
    assert (await api.a.post("/runs/nope/cancel")).status_code == 404
    assert (await api.a.get("/threads/nope/runs")).status_code == 404
    for limit in (0, 201):
        response = await api.a.get("/runs", params={"limit": limit})
        assert response.status_code == 422
        assert response.json()["error"].startswith("query.limit: Input should be")
    assert (await api.a.get("/runs", params={"status": "paused"})).status_code == 422
    assert (await api.anonymous.get("/runs")).status_code == 401


async def test_a_run_of_another_process_cannot_be_cancelled_here(api: Api) -> None:
    thread_id = await api.new_thread()
    # The other process holds the thread's lock while it runs; without it, the recovery
    # sweep may (rightly) record the run as left behind by a dead process.
    with thread_lock(api.sessions.kw["bind"], thread_id):
        with api.sessions.begin() as session:
            session.add(RunRecord(id="elsewhere", tenant_id=TENANT_A, thread_id=thread_id))
        response = await api.a.post("/runs/elsewhere/cancel")
        assert response.status_code == 409
        assert response.json()["error"].startswith(
            "run elsewhere is not running in this server process"
        )
        assert (await api.a.get("/runs/elsewhere")).json()["status"] == "running"
