"""Approvals over REST: list and filter, approve / reject / edit, bulk, conflicts.

Deciding the last waiting action of a thread resumes its run; the refund then happens
exactly once (one outbox row, one refund row).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from domain.demo import anchors
from domain.models import Feedback, Order, OutboxMessage, Refund
from tests.api_helpers import REFUND_REQUEST, Api, serve

BELOW = anchors.ORDER_BELOW_REFUND_THRESHOLD
ABOVE = anchors.ORDER_ABOVE_REFUND_THRESHOLD
ABOVE_REQUEST = f"Hi, I want a refund for order {ABOVE}, I can't come"


@pytest.fixture
async def api(fresh_demo_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(fresh_demo_url, tmp_path / "data") as running:
        yield running


def refunds_of(api: Api, order_number: str) -> list[Decimal]:
    with api.sessions() as session:
        return list(
            session.scalars(
                select(Refund.amount)
                .join(Order, Order.id == Refund.order_id)
                .where(Order.tenant_id == anchors.TENANT_ID, Order.number == order_number)
            )
        )


def refund_outbox(api: Api, thread_id: str) -> list[str]:
    with api.sessions() as session:
        return list(
            session.scalars(
                select(OutboxMessage.status).where(
                    OutboxMessage.kind == "refund",
                    OutboxMessage.idempotency_key.startswith(f"{thread_id}:"),
                )
            )
        )


async def test_list_filter_and_approve_runs_the_action_exactly_once(api: Api) -> None:
    run = await api.run(REFUND_REQUEST)
    thread_id = run["thread_id"]
    approval = await api.pending_approval(thread_id)
    assert (approval["agent"], approval["tool"], approval["status"]) == (
        "support",
        "process_refund",
        "pending",
    )
    assert approval["reasons"][0]["rule"] == "external_default"
    assert (await api.a.get("/approvals", params={"agent": "sales"})).json()["items"] == []
    by_agent = (await api.a.get("/approvals", params={"agent": "support"})).json()
    assert [a["id"] for a in by_agent["items"]] == [approval["id"]]
    assert (await api.a.get(f"/approvals/{approval['id']}")).json() == approval

    decided = await api.a.post(f"/approvals/{approval['id']}/approve")
    assert decided.status_code == 200
    outcome = decided.json()
    assert outcome["thread_status"] == "done" and outcome["run_id"]
    assert outcome["approval"]["status"] == "approved"
    assert outcome["approval"]["decided_by"] == "key:tests"
    assert outcome["approval"]["executed_at"] is not None
    assert refunds_of(api, BELOW) == [Decimal("349.00")]
    assert refund_outbox(api, thread_id) == ["recorded"]
    resumed = await api.wait_run(outcome["run_id"])
    assert (resumed["kind"], resumed["status"]) == ("resume", "done")

    again = await api.a.post(f"/approvals/{approval['id']}/approve")
    assert again.status_code == 409
    assert again.json()["error"] == (
        f"approval {approval['id']} was already decided (approved by key:tests) and its "
        "thread no longer waits for it"
    )
    assert (await api.a.post(f"/approvals/{approval['id']}/reject")).status_code == 409
    assert refunds_of(api, BELOW) == [Decimal("349.00")]
    assert (await api.a.get("/approvals")).json()["total"] == 0
    approved = (await api.a.get("/approvals", params={"status": "approved"})).json()
    assert [a["id"] for a in approved["items"]] == [approval["id"]]
    listed = (await api.a.get("/approvals", params={"status": "any"})).json()
    assert [a["status"] for a in listed["items"]] == ["approved"]


async def test_reject_keeps_the_reason_as_feedback_and_nothing_is_refunded(api: Api) -> None:
    run = await api.run(REFUND_REQUEST)
    approval = await api.pending_approval(run["thread_id"])
    response = await api.a.post(
        f"/approvals/{approval['id']}/reject", json={"message": "Ticket was a gift; ask first"}
    )
    assert response.status_code == 200
    outcome = response.json()
    assert (outcome["approval"]["status"], outcome["thread_status"]) == ("rejected", "done")
    assert outcome["approval"]["decision"] == {
        "type": "reject",
        "message": "Ticket was a gift; ask first",
    }
    assert refunds_of(api, BELOW) == []
    assert refund_outbox(api, run["thread_id"]) == ["rejected"]
    with api.sessions() as session:
        feedback = session.scalars(select(Feedback).where(Feedback.approval_id == approval["id"]))
        assert [(f.kind, f.message) for f in feedback] == [
            ("rejected", "Ticket was a gift; ask first")
        ]


async def test_edit_checks_the_arguments_then_runs_the_edited_action(api: Api) -> None:
    run = await api.run(REFUND_REQUEST)
    approval = await api.pending_approval(run["thread_id"])
    path = f"/approvals/{approval['id']}/edit"
    args = dict(approval["args"])

    negative = await api.a.post(path, json={"args": {**args, "amount": -5}})
    assert negative.status_code == 422
    assert negative.json()["argument"] == "args"
    assert "argument 'amount'" in negative.json()["error"]
    unknown = await api.a.post(path, json={"args": {**args, "coupon": "X"}})
    assert unknown.status_code == 422
    assert unknown.json()["error"] == (
        "args: process_refund: argument 'coupon': is not an argument of this tool"
    )
    assert (await api.a.post(path, json={})).json()["error"] == "args: Field required"
    assert (await api.a.get(f"/approvals/{approval['id']}")).json()["status"] == "pending"

    edited = await api.a.post(path, json={"args": {**args, "amount": 100}, "message": "half"})
    assert edited.status_code == 200
    assert edited.json()["approval"]["status"] == "edited"
    assert edited.json()["thread_status"] == "done"
    assert refunds_of(api, BELOW) == [Decimal("100.00")]


async def approvals_of(api: Api, thread_id: str) -> list[dict[str, Any]]:
    response = await api.a.get("/approvals", params={"thread_id": thread_id})
    return list(response.json()["items"])


async def test_a_thread_resumes_only_when_all_its_actions_are_decided(api: Api) -> None:
    run = await api.run(ABOVE_REQUEST)
    refund, escalation = await approvals_of(api, run["thread_id"])
    assert (refund["tool"], escalation["tool"]) == ("process_refund", "escalate_to_human")
    assert refund["reasons"][0]["rule"] == "refund_over_limit"

    first = (await api.a.post(f"/approvals/{refund['id']}/approve")).json()
    assert (first["thread_status"], first["run_id"]) == ("waiting_for_other_approvals", None)
    assert refunds_of(api, ABOVE) == []
    state = (await api.a.get(f"/threads/{run['thread_id']}/state")).json()
    assert state["next"] == ["approval_gate"]

    second = (await api.a.post(f"/approvals/{escalation['id']}/reject")).json()
    assert second["thread_status"] == "done" and second["run_id"]
    assert refunds_of(api, ABOVE) == [Decimal("1250.00")]
    assert await approvals_of(api, run["thread_id"]) == []  # nothing pending any more
    decided = (await api.a.get("/approvals", params={"status": "rejected"})).json()["items"]
    assert [a["id"] for a in decided] == [escalation["id"]]


async def test_bulk_decides_each_id_and_reports_failures_alone(api: Api) -> None:
    first = await api.run(REFUND_REQUEST)
    second = await api.run(ABOVE_REQUEST)
    ids = [a["id"] for t in (first, second) for a in await approvals_of(api, t["thread_id"])]
    assert len(ids) == 3
    response = await api.a.post(
        "/approvals/bulk",
        json={"ids": [*ids, 999_999, ids[0]], "decision": "reject", "message": "not now"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["decided"], body["failed"]) == (3, 1)
    assert [(r["id"], r["ok"], r["status_code"]) for r in body["results"]] == [
        (ids[0], True, 200),
        (ids[1], True, 200),
        (ids[2], True, 200),
        (999_999, False, 404),
    ]
    assert [r["thread_status"] for r in body["results"][:3]] == [
        "done",
        "waiting_for_other_approvals",
        "done",
    ]
    assert {r["approval_status"] for r in body["results"][:3]} == {"rejected"}
    assert body["results"][3]["error"] == "no approval 999999 for this tenant (approval_id)"
    assert (await api.a.get("/approvals")).json()["total"] == 0
    assert refunds_of(api, BELOW) == refunds_of(api, ABOVE) == []

    for bad in (
        {"ids": [], "decision": "approve"},
        {"ids": [1], "decision": "edit"},
        {"ids": [0], "decision": "approve"},
        {"ids": list(range(1, 102)), "decision": "approve"},
    ):
        assert (await api.a.post("/approvals/bulk", json=bad)).status_code == 422


async def test_unknown_or_malformed_approval_ids(api: Api) -> None:
    missing = await api.a.get("/approvals/424242")
    assert missing.status_code == 404
    assert missing.json()["error"] == "no approval 424242 for this tenant (approval_id)"
    assert (await api.a.post("/approvals/424242/approve")).status_code == 404
    for bad in ("0", "abc", str(2**40)):
        assert (await api.a.get(f"/approvals/{bad}")).status_code == 422
    assert (await api.a.get("/approvals", params={"agent": "finance"})).status_code == 422
    assert (await api.a.get("/approvals", params={"status": "maybe"})).status_code == 422
