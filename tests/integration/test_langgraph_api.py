"""LangGraph's server API keeps Switchboard's guarantees: a resume is an approval decision
(approvals table, policy, outbox, approver role), one run per thread, sentences for bad
input, and the SDK's ``x-api-key`` header. The SDKs' view of it is
``test_langgraph_api_conformance.py``; this file checks what the SDKs cannot see.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
import pytest_asyncio

from domain.models import RunRecord
from domain.roles import Role
from tests.api_helpers import REFUND_REQUEST, Api, SlowModels, serve, serve_demo_copy, sse_events
from tests.integration.test_api_approvals import BELOW, refund_outbox, refunds_of

LG = "/langgraph/threads"


def ask(text: str, **extra: Any) -> dict[str, Any]:
    return {
        "assistant_id": "switchboard",
        "input": {"messages": [{"role": "user", "content": text}]},
        **extra,
    }


def resume(*decisions: dict[str, Any]) -> dict[str, Any]:
    return {"assistant_id": "switchboard", "command": {"resume": {"decisions": list(decisions)}}}


@pytest.fixture
async def api(fresh_demo_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(fresh_demo_url, tmp_path / "data") as running:
        yield running


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_api(
    demo_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Api]:
    """One app for the refused requests: each works on a thread of its own (or none)."""
    async with serve_demo_copy(demo_sqlite_template, tmp_path_factory.mktemp("lg")) as running:
        yield running


async def waiting_thread(client: httpx.AsyncClient) -> str:
    thread_id = str((await client.post(LG, json={})).json()["thread_id"])
    waited = await client.post(f"{LG}/{thread_id}/runs/wait", json=ask(REFUND_REQUEST))
    assert waited.status_code == 200, waited.text
    [interrupt] = waited.json()["__interrupt__"]
    assert [a["name"] for a in interrupt["value"]["action_requests"]] == ["process_refund"]
    return thread_id


async def test_a_resume_is_an_approval_decision_carried_out_once(api: Api) -> None:
    thread_id = await waiting_thread(api.a)
    approval = await api.pending_approval(thread_id)
    assert approval["status"] == "pending"

    done = await api.a.post(f"{LG}/{thread_id}/runs/wait", json=resume({"type": "approve"}))
    assert done.status_code == 200, done.text
    assert "__interrupt__" not in done.json()
    decided = (await api.a.get(f"/approvals/{approval['id']}")).json()
    assert (decided["status"], decided["decided_by"]) == ("approved", "key:tests")
    assert refund_outbox(api, thread_id) == ["recorded"]
    assert refunds_of(api, BELOW) == [Decimal("349.00")]

    again = await api.a.post(f"{LG}/{thread_id}/runs/wait", json=resume({"type": "approve"}))
    assert again.status_code == 409  # nothing waits any more: no second refund
    assert "waits for no approval" in again.json()["detail"]
    assert refunds_of(api, BELOW) == [Decimal("349.00")]
    with api.sessions() as session:
        kinds = [r.kind for r in session.query(RunRecord).filter_by(thread_id=thread_id)]
    assert sorted(kinds) == ["resume", "run"]


async def test_a_reject_through_the_api_is_recorded_and_nothing_is_sent(api: Api) -> None:
    thread_id = await waiting_thread(api.a)
    approval = await api.pending_approval(thread_id)
    rejected = await api.a.post(
        f"{LG}/{thread_id}/runs/wait", json=resume({"type": "reject", "message": "no"})
    )
    assert rejected.status_code == 200, rejected.text
    row = (await api.a.get(f"/approvals/{approval['id']}")).json()
    assert row["status"] == "rejected"
    assert refund_outbox(api, thread_id) == ["rejected"]
    assert refunds_of(api, BELOW) == []


async def test_resumes_need_an_approver_and_runs_an_operator(api: Api) -> None:
    thread_id = await waiting_thread(api.a)
    _, operator = api.create_key(Role.OPERATOR, "ops")
    _, viewer = api.create_key(Role.VIEWER, "watcher")
    headers = {"x-api-key": operator}
    refused = await api.anonymous.post(
        f"{LG}/{thread_id}/runs", json=resume({"type": "approve"}), headers=headers
    )
    assert refused.status_code == 403
    assert "'approver' role" in refused.json()["detail"]
    as_viewer = await api.anonymous.post(LG, json={}, headers={"x-api-key": viewer})
    assert as_viewer.status_code == 403
    seen = await api.anonymous.get(f"{LG}/{thread_id}", headers={"x-api-key": viewer})
    assert seen.status_code == 200 and seen.json()["status"] == "interrupted"
    nobody = await api.anonymous.get(f"{LG}/{thread_id}")
    assert nobody.status_code == 401 and "x-api-key" in nobody.json()["detail"]
    assert (await api.pending_approval(thread_id))["status"] == "pending"


@pytest.mark.parametrize(
    ("body", "sentence"),
    [
        (resume({"type": "approve"}, {"type": "approve"}), "send one decision for each"),
        (resume({"type": "maybe"}), "needs a type of"),
        (resume({"type": "edit"}), "edited_action.args"),
        ({"assistant_id": "switchboard", "command": {"resume": "yes"}}, "decisions"),
        ({"assistant_id": "switchboard", "command": {"goto": "execute", "resume": 1}}, "bypass"),
        ({**resume({"type": "approve"}), "assistant_id": "other"}, "no assistant 'other'"),
        ({**ask("hi"), "webhook": "http://example.com"}, "webhooks"),
        ({**ask("hi"), "interrupt_before": ["execute"]}, "static interrupts"),
        ({**ask("hi"), "stream_mode": "telepathy"}, "stream_mode"),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_bad_runs_get_a_sentence_and_leave_the_approval_alone(
    shared_api: Api, body: dict[str, Any], sentence: str
) -> None:
    api = shared_api
    thread_id = await waiting_thread(api.a)
    answer = await api.a.post(f"{LG}/{thread_id}/runs", json=body)
    assert 400 <= answer.status_code < 500, answer.text
    assert sentence in answer.json()["detail"]
    assert (await api.pending_approval(thread_id))["status"] == "pending"


async def test_new_input_on_a_waiting_thread_and_state_updates_are_refused(api: Api) -> None:
    thread_id = await waiting_thread(api.a)
    more = await api.a.post(f"{LG}/{thread_id}/runs", json=ask("and another thing"))
    assert more.status_code == 409 and "waiting for approval" in more.json()["detail"]
    sneaky = await api.a.post(
        f"{LG}/{thread_id}/state",
        json={"values": {"actions": {}}, "as_node": "approval_gate"},
    )
    assert sneaky.status_code == 422 and "only {'messages'" in sneaky.json()["detail"]
    noted = await api.a.post(
        f"{LG}/{thread_id}/state", json={"values": {"messages": [{"role": "user", "content": "x"}]}}
    )
    assert noted.status_code == 409 and "waiting for approval" in noted.json()["detail"]
    deleted = await api.a.delete(f"{LG}/{thread_id}")
    assert deleted.status_code == 409 and "waiting for approval" in deleted.json()["detail"]


async def test_one_run_per_thread_across_the_console_and_the_api(
    fresh_demo_url: str, tmp_path: Path
) -> None:
    # The model holds each run inside its first call until the checks are done.
    slow = SlowModels(0.0, held=True)
    async with serve(fresh_demo_url, tmp_path / "data", model=slow) as api:
        thread_id = await api.new_thread()
        console = await api.a.post(f"/threads/{thread_id}/runs", json={"text": "daily insights"})
        assert console.status_code == 202
        await slow.wait_until_held()
        busy = await api.a.post(f"{LG}/{thread_id}/runs", json=ask("hi"))
        assert busy.status_code == 409 and "busy" in busy.json()["detail"]
        slow.release()
        await api.wait_run(console.json()["run_id"])

        slow.hold()
        first = await api.a.post(f"{LG}/{thread_id}/runs", json=ask("daily insights"))
        assert first.status_code == 200 and first.headers["content-location"].endswith(
            first.json()["run_id"]
        )
        await slow.wait_until_held()
        rejected = await api.a.post(
            f"{LG}/{thread_id}/runs", json=ask("hi", multitask_strategy="reject")
        )
        assert rejected.status_code == 409 and "multitask_strategy" in rejected.json()["detail"]
        from_console = await api.a.post(f"/threads/{thread_id}/runs", json={"text": "hi"})
        assert from_console.status_code == 409
        slow.release()
        streamed = await api.a.get(f"{LG}/{thread_id}/runs/{first.json()['run_id']}/stream")
        names = [name for name, _ in sse_events(streamed.text)]
        assert names[0] == "metadata" and "values" in names
        run = (await api.a.get(f"{LG}/{thread_id}/runs/{first.json()['run_id']}")).json()
        assert run["status"] == "success"


@pytest.mark.parametrize("strategy", ["interrupt", "rollback"])
@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_a_second_run_cancels_the_first_by_its_strategy(
    request: pytest.FixtureRequest, tmp_path: Path, strategy: str, db: str
) -> None:
    url = request.getfixturevalue("fresh_demo_url" if db == "sqlite" else "postgres_url")
    checkpoints = url if db == "postgres" else None
    # The first run must still be busy when a loaded CI machine checks: a question for a
    # department agent, whose every model call takes 2 s (the daily-insights playbook
    # writes from templates and once finished first: 'idle' == 'busy').
    slow = SlowModels(2.0)
    async with serve(url, tmp_path / "data", model=slow, checkpoint_url=checkpoints) as api:
        thread_id = (await api.a.post(LG, json={})).json()["thread_id"]
        question = ask("Which sponsors are in the negotiation stage right now?")
        first = (await api.a.post(f"{LG}/{thread_id}/runs", json=question)).json()
        for _ in range(200):  # the first run's input is in the thread's state
            state = (await api.a.get(f"{LG}/{thread_id}/state")).json()
            if state["values"].get("messages"):
                break
            await asyncio.sleep(0.02)
        assert (await api.a.get(f"{LG}/{thread_id}")).json()["status"] == "busy"
        second = await api.a.post(
            f"{LG}/{thread_id}/runs/wait",
            json=ask("What is our pipeline value?", multitask_strategy=strategy),
        )
        assert second.status_code == 200, second.text
        asked = [m["content"] for m in second.json()["messages"] if m["type"] == "human"]
        earlier = await api.a.get(f"{LG}/{thread_id}/runs/{first['run_id']}")
        if strategy == "rollback":  # the first run and everything it wrote are gone
            assert earlier.status_code == 404
            assert asked == ["What is our pipeline value?"]
        else:
            assert earlier.json()["status"] == "interrupted"
            assert asked[-1] == "What is our pipeline value?"


async def test_an_enqueued_run_waits_its_turn(fresh_demo_url: str, tmp_path: Path) -> None:
    async with serve(fresh_demo_url, tmp_path / "data", model=SlowModels(0.3)) as api:
        thread_id = (await api.a.post(LG, json={})).json()["thread_id"]
        first = (await api.a.post(f"{LG}/{thread_id}/runs", json=ask("daily insights"))).json()
        second = (await api.a.post(f"{LG}/{thread_id}/runs", json=ask("pipeline value?"))).json()
        assert (first["status"], second["status"]) == ("running", "pending")
        listed = (await api.a.get(f"{LG}/{thread_id}/runs")).json()
        assert [r["run_id"] for r in listed[:2]] == [second["run_id"], first["run_id"]]
        joined = await api.a.get(f"{LG}/{thread_id}/runs/{second['run_id']}/join")
        asked = [m["content"] for m in joined.json()["messages"] if m["type"] == "human"]
        assert asked == ["daily insights", "pipeline value?"]
        statuses = [r["status"] for r in (await api.a.get(f"{LG}/{thread_id}/runs")).json()]
        assert statuses == ["success", "success"]


CRONS = "/langgraph/runs/crons"


async def test_crons_are_the_tenants_request_schedules(api: Api) -> None:
    created = await api.a.post(CRONS, json=ask("Summarise open tickets", schedule="0 9 * * 1-5"))
    assert created.status_code == 200, created.text
    cron = created.json()
    assert cron["schedule"] == "0 9 * * 1-5" and cron["enabled"] is True
    assert cron["payload"]["input"]["messages"][-1]["content"] == "Summarise open tickets"
    # One implementation: the same schedule on /crons, a ``request`` kind with that text.
    [console] = [c for c in (await api.a.get("/crons")).json()["items"] if c["kind"] == "request"]
    assert console["request_text"] == "Summarise open tickets"
    assert console["name"] == cron["metadata"]["name"]

    found = (await api.a.post(f"{CRONS}/search", json={})).json()
    assert cron["cron_id"] in [c["cron_id"] for c in found]
    assert (await api.a.post(f"{CRONS}/count", json={})).json() == len(found)
    assert (await api.b.post(f"{CRONS}/search", json={})).json() == []

    # Another tenant's cron is not found; a bad or foreign id is a 404 too.
    too_big = str(UUID(int=UUID(cron["cron_id"]).int + 2**40))  # our prefix, no such id
    tried = [(api.b, cron["cron_id"]), (api.a, "not-a-uuid"), (api.a, str(uuid4()))]
    for client, path in [*tried, (api.a, too_big)]:
        assert (await client.delete(f"{CRONS}/{path}")).status_code == 404
        assert (await client.patch(f"{CRONS}/{path}", json={"enabled": False})).status_code == 404

    paused = await api.a.patch(f"{CRONS}/{cron['cron_id']}", json={"enabled": False})
    assert paused.status_code == 200 and paused.json()["enabled"] is False
    assert paused.json()["next_run_date"] is None
    assert (await api.a.get(f"/crons/{console['id']}")).json()["paused"] is True

    thread_id = str((await api.a.post(LG, json={})).json()["thread_id"])
    on_thread = await api.a.post(
        f"{LG}/{thread_id}/runs/crons", json=ask("Hi", schedule="0 0 * * *")
    )
    assert on_thread.status_code == 200, on_thread.text
    assert on_thread.json()["thread_id"] == thread_id
    by_thread = (await api.a.post(f"{CRONS}/search", json={"thread_id": thread_id})).json()
    assert [c["cron_id"] for c in by_thread] == [on_thread.json()["cron_id"]]
    assert (await api.a.post(f"{CRONS}/count", json={"thread_id": thread_id})).json() == 1
    foreign = await api.b.post(f"{LG}/{thread_id}/runs/crons", json=ask("Hi", schedule="0 0 * * *"))
    assert foreign.status_code == 404

    # Deleting the thread deletes its cron.
    assert (await api.a.delete(f"{LG}/{thread_id}")).status_code == 204
    assert (await api.a.post(f"{CRONS}/count", json={"thread_id": thread_id})).json() == 0
    gone = await api.a.delete(f"{CRONS}/{cron['cron_id']}")
    assert gone.status_code == 204
    assert (await api.a.get(f"/crons/{console['id']}")).status_code == 404


async def test_crons_need_an_admin_to_change_and_anyone_to_list(api: Api) -> None:
    _, operator = api.create_key(Role.OPERATOR, "ops")
    _, viewer = api.create_key(Role.VIEWER, "watcher")
    body = ask("Check stock", schedule="0 8 * * *")
    refused = await api.anonymous.post(CRONS, json=body, headers={"x-api-key": operator})
    assert refused.status_code == 403
    listed = await api.anonymous.post(f"{CRONS}/search", json={}, headers={"x-api-key": viewer})
    assert listed.status_code == 200


@pytest.mark.parametrize(
    ("body", "sentence"),
    [
        ({"schedule": "0 9 * * *", "assistant_id": "switchboard"}, "input is required"),
        (ask("x", schedule="0 9 * * *", assistant_id="other"), "is not an assistant here"),
        (ask("x", schedule="every day"), "schedule"),
        (ask("x", schedule=""), "the schedule is empty"),
        (
            {
                "assistant_id": "switchboard",
                "schedule": "0 9 * * *",
                "input": {"messages": [{"role": "assistant", "content": "hi"}]},
            },
            "must be a user message",
        ),
        (ask("x", schedule="0 9 * * *", interrupt_before=["tools"]), "static interrupts"),
        (ask("x", schedule="0 9 * * *", command={"resume": 1}), "cannot send a command"),
        (ask("x", schedule="0 9 * * *", webhook="http://x.test"), "webhooks"),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_crons_refuse_what_they_cannot_run_with_a_sentence(
    shared_api: Api, body: dict[str, Any], sentence: str
) -> None:
    refused = await shared_api.a.post(CRONS, json=body)
    assert refused.status_code == 422, refused.text
    assert sentence in refused.text
