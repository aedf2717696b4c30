"""Threads over REST: create, list newest first, detail, graph state and checkpoint history."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.api_helpers import REFUND_REQUEST, Api, serve


@pytest.fixture
async def api(fresh_demo_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(fresh_demo_url, tmp_path / "data") as running:
        yield running


async def test_create_with_and_without_an_id_and_list_newest_first(api: Api) -> None:
    named = await api.a.post("/threads", json={"id": "support-42", "title": "Refund chat"})
    assert named.status_code == 201
    body = named.json()
    assert (body["id"], body["title"], body["status"]) == ("support-42", "Refund chat", "idle")
    assert body["created_by"] == "key:tests"
    generated = await api.new_thread()
    assert len(generated) == 32

    page = (await api.a.get("/threads", params={"limit": 1})).json()
    assert (page["total"], page["limit"], page["offset"]) == (2, 1, 0)
    assert [t["id"] for t in page["items"]] == [generated]
    second = (await api.a.get("/threads", params={"limit": 1, "offset": 1})).json()
    assert [t["id"] for t in second["items"]] == ["support-42"]
    idle = (await api.a.get("/threads", params={"status": "idle"})).json()
    assert idle["total"] == 2


async def test_a_taken_id_or_bad_body_is_refused(api: Api) -> None:
    await api.new_thread(id="dup")
    again = await api.a.post("/threads", json={"id": "dup"})
    assert again.status_code == 409
    assert again.json()["error"] == "thread id 'dup' is taken; send another id, or none"
    too_long = await api.a.post("/threads", json={"id": "x" * 65})
    assert too_long.status_code == 422
    assert too_long.json()["error"] == (
        "id: must be 1 to 64 letters, digits, '-' or '_', starting with a letter or digit"
    )
    for bad in ("a\nb", "..", "../../etc/passwd", "a b", "a:b", "-x", "é"):
        refused = await api.a.post("/threads", json={"id": bad})
        assert refused.status_code == 422, bad
        assert refused.json()["error"].startswith("id: must be 1 to 64 letters"), bad
    for good in ("9f1c0e6a-3b2d-4c1e-8f00-1234567890ab", "0f" * 16, "Support_42"):
        assert (await api.a.post("/threads", json={"id": good})).status_code == 201, good
    extra = await api.a.post("/threads", json={"name": "x"})
    assert extra.json()["error"] == "name: Extra inputs are not permitted"
    assert (await api.a.post("/threads", json={"title": "t" * 201})).status_code == 422
    assert (await api.a.get("/threads", params={"status": "sleeping"})).status_code == 422
    assert (await api.a.get("/threads", params={"offset": -1})).status_code == 422


async def test_detail_state_and_history_of_a_thread_waiting_for_approval(api: Api) -> None:
    run = await api.run(REFUND_REQUEST)
    thread_id = run["thread_id"]

    detail = (await api.a.get(f"/threads/{thread_id}")).json()
    assert (detail["status"], detail["runs"], detail["last_run_id"]) == (
        "interrupted",
        1,
        run["id"],
    )
    assert detail["pending_approvals"] == 1

    state = (await api.a.get(f"/threads/{thread_id}/state")).json()
    assert [m["role"] for m in state["messages"]] == ["user", "assistant"]
    assert state["messages"][0]["content"] == REFUND_REQUEST
    assert state["request"] == REFUND_REQUEST
    assert state["route"]["agents"] == ["support"]
    assert [(s["id"], s["department"], s["playbook"]) for s in state["plan"]] == [
        ("s1", "support", "support_request")
    ]
    (result,) = state["results"]
    assert (result["status"], result["pending_actions"]) == ("done", 1)
    assert result["tools_used"] == ["search_knowledge_base", "lookup_ticket"]
    (action,) = state["actions"]
    assert (action["tool"], action["status"]) == ("process_refund", "awaiting_approval")
    assert action["args"]["order_number"] == "ORD-10501"
    assert state["next"] == ["approval_gate"]
    (interrupt,) = state["interrupts"]
    assert interrupt["action_ids"] == [action["action_id"]]
    assert interrupt["review_configs"][0]["allowed_decisions"] == [
        "approve",
        "edit",
        "reject",
        "respond",
    ]
    assert state["answer"].startswith("Thank you for getting in touch about your refund")

    history = (await api.a.get(f"/threads/{thread_id}/history")).json()
    steps = [h["step"] for h in history]
    assert steps == sorted(steps, reverse=True) and steps[-1] == -1
    assert history[0]["checkpoint_id"] == state["checkpoint_id"]
    assert history[0]["interrupted"] is True and history[0]["next"] == ["approval_gate"]
    assert history[-1]["source"] == "input" and history[-1]["parent_checkpoint_id"] is None
    older = (
        await api.a.get(
            f"/threads/{thread_id}/history",
            params={"limit": 2, "before": history[0]["checkpoint_id"]},
        )
    ).json()
    assert [h["checkpoint_id"] for h in older] == [h["checkpoint_id"] for h in history[1:3]]


async def test_a_new_thread_has_an_empty_state_and_unknown_threads_are_404(api: Api) -> None:
    thread_id = await api.new_thread()
    state = (await api.a.get(f"/threads/{thread_id}/state")).json()
    assert (state["messages"], state["checkpoint_id"], state["interrupts"]) == ([], None, [])
    assert (await api.a.get(f"/threads/{thread_id}/history")).json() == []
    for path in ("/threads/ghost", "/threads/ghost/state", "/threads/ghost/history"):
        response = await api.a.get(path)
        assert response.status_code == 404
        assert response.json()["error"] == "no thread 'ghost' for this tenant (thread_id)"
    bad_limit = await api.a.get(f"/threads/{thread_id}/history", params={"limit": 0})
    assert bad_limit.status_code == 422
