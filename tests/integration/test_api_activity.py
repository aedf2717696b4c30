"""The activity log, agent messages, failed runs and retrying one, over REST."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from adapters.thread_locks import thread_lock
from domain.agent_messages import respond, send_message
from domain.base import utcnow
from domain.models import MessageType, RunRecord
from domain.scope import Scope
from tests.api_helpers import REFUND_REQUEST, TENANT_A, Api, serve


@pytest.fixture
async def api(fresh_demo_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(fresh_demo_url, tmp_path / "data") as running:
        yield running


def failed_run(api: Api, thread_id: str, run_input: dict[str, object], run_id: str) -> None:
    """A run record that ended in error (as a crashed model call would leave it)."""
    with api.sessions.begin() as session:
        session.add(
            RunRecord(
                id=run_id,
                tenant_id=TENANT_A,
                thread_id=thread_id,
                kind="run",
                status="error",
                input=run_input,
                agents=["analytics"],
                error="ModelError: provider unavailable",
                actor="key:tests",
                finished_at=utcnow(),
                duration_ms=12,
            )
        )


async def test_activity_merges_audit_events_and_runs_newest_first(api: Api) -> None:
    run = await api.run(REFUND_REQUEST)
    approval = await api.pending_approval(run["thread_id"])
    outcome = (await api.a.post(f"/approvals/{approval['id']}/approve")).json()

    page = (await api.a.get("/activity", params={"limit": 200})).json()
    items = page["items"]
    assert page["total"] == len(items) == 5
    assert [i["at"] for i in items] == sorted((i["at"] for i in items), reverse=True)
    assert [(i["kind"], i["event"]) for i in items] == [
        ("audit", "executed"),
        ("run", "done"),
        ("audit", "approved"),
        ("audit", "requested"),
        ("run", "interrupted"),
    ]
    assert items[1]["id"] == f"run:{outcome['run_id']}"
    assert items[2]["summary"] == "approved process_refund (support) by key:tests"
    assert all(i["agents"] == ["support"] for i in items)
    assert all(i["thread_id"] == run["thread_id"] for i in items)

    halves = [
        (await api.a.get("/activity", params={"limit": 2, "offset": offset})).json()["items"]
        for offset in (0, 2)
    ]
    assert [i["id"] for i in halves[0] + halves[1]] == [i["id"] for i in items[:4]]
    support = (await api.a.get("/activity", params={"agent": "support"})).json()
    assert support["total"] == 5
    assert (await api.a.get("/activity", params={"agent": "sales"})).json()["total"] == 0
    assert (await api.a.get("/activity", params={"agent": "ceo"})).status_code == 422


async def test_messages_filter_by_agent_and_type_newest_first(api: Api) -> None:
    baseline = (await api.a.get("/messages")).json()["total"]
    with api.sessions.begin() as session:
        scope = Scope(session=session, tenant_id=TENANT_A, today=date(2026, 9, 1), actor="t")
        note = send_message(scope, "sales", "followup", MessageType.NOTIFICATION, {"n": 1})
        ask = send_message(
            scope, "analytics", "sales", "request", {"q": "pipeline?"}, requires_response=True
        )
        answer = respond(scope, ask.id, {"a": "$405k"})
        ids = [note.id, ask.id, answer.id]

    everything = (await api.a.get("/messages")).json()
    assert everything["total"] == baseline + 3
    assert [m["id"] for m in everything["items"][:3]] == ids[::-1]
    sales = (await api.a.get("/messages", params={"agent": "sales", "limit": 3})).json()
    assert [m["id"] for m in sales["items"]] == ids[::-1]
    requests = (await api.a.get("/messages", params={"type": "request"})).json()["items"]
    assert requests[0]["id"] == ask.id and requests[0]["responded_at"] is not None
    responses = (await api.a.get("/messages", params={"type": "response"})).json()["items"]
    assert (responses[0]["response_to_id"], responses[0]["to_agent"]) == (ask.id, "analytics")
    followup = (await api.a.get("/messages", params={"agent": "followup"})).json()["items"]
    assert followup[0]["payload"] == {"n": 1}
    assert (await api.a.get("/messages", params={"type": "memo"})).status_code == 422
    assert (await api.a.get("/messages", params={"agent": "boss"})).status_code == 422


async def test_failed_runs_are_listed_and_retried_on_their_thread(api: Api) -> None:
    thread_id = await api.new_thread()
    failed_run(api, thread_id, {"text": "daily insights", "via": "rest"}, "failed-1")
    failed_run(api, thread_id, {}, "failed-no-input")

    errors = (await api.a.get("/errors")).json()
    assert {e["id"] for e in errors["items"]} == {"failed-1", "failed-no-input"}
    assert errors["items"][0]["error"] == "ModelError: provider unavailable"

    with thread_lock(api.sessions.kw["bind"], thread_id):
        busy = await api.a.post("/errors/failed-1/retry")
    assert busy.status_code == 409
    assert busy.json()["error"] == f"thread {thread_id} is busy with another run"

    retried = await api.a.post("/errors/failed-1/retry")
    assert retried.status_code == 202
    run = await api.wait_run(retried.json()["run_id"])
    assert run["status"] == "done" and run["thread_id"] == thread_id
    assert run["input"] == {"text": "daily insights", "via": "retry", "retry_of": "failed-1"}

    done = await api.a.post(f"/errors/{run['id']}/retry")
    assert done.status_code == 409
    assert done.json()["error"] == f"run {run['id']} did not fail (status done); nothing to retry"
    no_input = await api.a.post("/errors/failed-no-input/retry")
    assert no_input.json()["error"] == "run failed-no-input recorded no input to send again"
    assert (await api.a.post("/errors/ghost/retry")).status_code == 404
