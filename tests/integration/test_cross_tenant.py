"""Tenant isolation for every REST resource: B's key gets 404 for A's records, never A's rows.

Tenant A (the demo) has a thread waiting for approval, runs, a failed run, agent
messages, audit events and a configured agent. Tenant B's key is then used on every
route; the last test checks that every route of the app is in this file's list, so a
new route cannot skip the check. Each test runs on SQLite (the application's filters
alone) and on Postgres (row-level security under them, checkpoints in Postgres too).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from adapters.checkpoints import setup_checkpointer
from adapters.thread_locks import thread_lock
from domain.agent_messages import send_message
from domain.base import utcnow
from domain.demo import anchors
from domain.models import ApiKey, Contact, LeadPipelineStep, Order, RunRecord
from domain.scope import Scope
from server.services.langgraph_api.crons import cron_uuid
from switchboard.settings import Settings
from tests.api_helpers import REFUND_REQUEST, TENANT_A, Api, serve
from tests.process_helpers import cloned_database

UNSCOPED = {"/health/live", "/health/ready", "/agui", "/unsubscribe"}
"""Health needs no key; /agui is the AG-UI router's (its tenant checks are tested there);
/unsubscribe takes a signed link naming its tenant (tested in test_mail_relay.py)."""


@dataclass
class Owned:
    """Tenant A's records."""

    thread_id: str
    run_id: str
    approval_id: int
    failed_run_id: str
    message_id: int
    key_id: int
    contact_id: int
    failed_lead_step_id: int
    cron_id: int


@pytest.fixture
def postgres_demo_url(postgres_engine: Engine) -> Iterator[str]:
    """A private copy of the seeded demo database on Postgres, with checkpoint tables."""
    postgres_engine.dispose()  # a template must have no open connections while copied
    with cloned_database(postgres_engine.url.render_as_string(hide_password=False)) as url:
        setup_checkpointer(Settings(checkpoint_url=url))
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    if request.param == "sqlite":
        url, checkpoints = request.getfixturevalue("fresh_demo_url"), None
    else:
        url = checkpoints = request.getfixturevalue("postgres_demo_url")
    async with serve(url, tmp_path / "data", checkpoint_url=checkpoints) as running:
        yield running


@pytest.fixture
async def owned(api: Api) -> Owned:
    run = await api.run(REFUND_REQUEST)
    approval = await api.pending_approval(run["thread_id"])
    await api.run("daily insights")
    assert (await api.a.patch("/agents/sales", json={"tone": "friendly"})).status_code == 200
    cron = await api.a.post("/crons", json={"name": "a-ops", "kind": "daily_operations"})
    assert cron.status_code == 201, cron.text
    with api.sessions.begin() as session:
        session.add(
            RunRecord(
                id="a-failed",
                tenant_id=TENANT_A,
                thread_id=run["thread_id"],
                status="error",
                input={"text": "daily insights"},
                error="boom",
                finished_at=utcnow(),
            )
        )
        scope = Scope(session=session, tenant_id=TENANT_A, today=date(2026, 9, 1), actor="t")
        message = send_message(scope, "sales", "followup", "notification", {"secret": "A"})
        message_id = message.id
        key_id = session.scalars(select(ApiKey.id).where(ApiKey.tenant_id == TENANT_A)).one()
        contact_id = session.scalars(
            select(Contact.id).where(Contact.tenant_id == TENANT_A).limit(1)
        ).one()
        failed_step = LeadPipelineStep(
            tenant_id=TENANT_A,
            contact_id=contact_id,
            stage="enriched",
            status="failed",
            advance=False,
            attempts=3,
            result={},
            error="boom",
        )
        session.add(failed_step)
        session.flush()
        step_id = failed_step.id
    return Owned(
        run["thread_id"],
        run["id"],
        approval["id"],
        "a-failed",
        message_id,
        key_id,
        contact_id,
        step_id,
        cron.json()["id"],
    )


NAMES = {"first_name": "Xu", "last_name": "Yi", "title": "CMO"}


def routes_by_b(owned: Owned) -> list[tuple[str, str, dict[str, object] | None]]:
    """Every route naming one of A's records, as (method, path, JSON body)."""
    t, r, a = owned.thread_id, owned.run_id, owned.approval_id
    return [
        ("GET", f"/threads/{t}", None),
        ("GET", f"/threads/{t}/state", None),
        ("GET", f"/threads/{t}/history", None),
        ("GET", f"/threads/{t}/runs", None),
        ("POST", f"/threads/{t}/runs", {"text": "daily insights"}),
        ("POST", f"/threads/{t}/runs/stream", {"text": "daily insights"}),
        ("GET", f"/runs/{r}", None),
        ("GET", f"/runs/{r}/stream", None),
        ("POST", f"/runs/{r}/cancel", None),
        ("GET", f"/approvals/{a}", None),
        ("POST", f"/approvals/{a}/approve", None),
        ("POST", f"/approvals/{a}/reject", {"message": "no"}),
        ("POST", f"/approvals/{a}/edit", {"args": {"amount": 1}}),
        ("POST", f"/errors/{owned.failed_run_id}/retry", None),
        ("POST", f"/keys/{owned.key_id}/revoke", None),
        ("POST", f"/keys/{owned.key_id}/rotate", None),
        ("GET", f"/privacy/export?contact_id={owned.contact_id}", None),
        ("POST", "/privacy/erase", {"contact_id": owned.contact_id}),
        ("POST", "/leads", {"contact_id": owned.contact_id}),
        ("POST", "/leads", {"company_id": 1, "email": "x.y@a.example", **NAMES}),
        ("GET", f"/leads/{owned.contact_id}/steps", None),
        ("POST", f"/errors/leads/{owned.failed_lead_step_id}/retry", None),
        ("GET", f"/crons/{owned.cron_id}", None),
        ("GET", f"/crons/{owned.cron_id}/fires", None),
        ("PATCH", f"/crons/{owned.cron_id}", {"paused": True}),
        ("DELETE", f"/crons/{owned.cron_id}", None),
        *langgraph_routes_by_b(owned),
    ]


LG = "/langgraph/threads"
LG_CRONS = "/langgraph/runs/crons"
ASK = {"assistant_id": "switchboard", "input": {"messages": [{"role": "user", "content": "hi"}]}}


def langgraph_routes_by_b(owned: Owned) -> list[tuple[str, str, dict[str, object] | None]]:
    """LangGraph's server API on A's thread and run."""
    t, r = owned.thread_id, owned.run_id
    resume = {"assistant_id": "switchboard", "command": {"resume": {"decisions": []}}}
    return [
        ("GET", f"{LG}/{t}", None),
        ("DELETE", f"{LG}/{t}", None),
        ("GET", f"{LG}/{t}/state", None),
        ("GET", f"{LG}/{t}/state/1f0a", None),
        ("POST", f"{LG}/{t}/state/checkpoint", {"checkpoint": {"checkpoint_id": "1f0a"}}),
        ("POST", f"{LG}/{t}/state", {"values": {"messages": [{"role": "user", "content": "x"}]}}),
        ("GET", f"{LG}/{t}/history", None),
        ("POST", f"{LG}/{t}/history", {"limit": 5}),
        ("GET", f"{LG}/{t}/runs", None),
        ("POST", f"{LG}/{t}/runs", ASK),
        ("POST", f"{LG}/{t}/runs", {**ASK, "if_not_exists": "create"}),
        ("POST", f"{LG}/{t}/runs/stream", ASK),
        ("POST", f"{LG}/{t}/runs/wait", {**ASK, "multitask_strategy": "interrupt"}),
        (
            "POST",
            f"{LG}/{t}/runs/wait",
            {**resume, "command": {"resume": {"decisions": [{"type": "approve"}]}}},
        ),
        ("GET", f"{LG}/{t}/runs/{r}", None),
        ("DELETE", f"{LG}/{t}/runs/{r}", None),
        ("GET", f"{LG}/{t}/runs/{r}/join", None),
        ("GET", f"{LG}/{t}/runs/{r}/stream", None),
        ("POST", f"{LG}/{t}/runs/{r}/cancel", None),
        ("POST", f"{LG}/{t}/runs/crons", {**ASK, "schedule": "0 9 * * *"}),
        ("PATCH", f"{LG_CRONS}/{cron_uuid(owned.cron_id)}", {"enabled": False}),
        ("DELETE", f"{LG_CRONS}/{cron_uuid(owned.cron_id)}", None),
    ]


async def test_b_gets_404_for_each_of_a_s_records(api: Api, owned: Owned) -> None:
    for method, path, body in routes_by_b(owned):
        response = await api.b.request(method, path, json=body)
        assert response.status_code == 404, (method, path, response.text)
        assert "for this tenant" in response.json()["error"], path
        assert TENANT_A not in response.text

    bulk = (
        await api.b.post(
            "/approvals/bulk", json={"ids": [owned.approval_id], "decision": "approve"}
        )
    ).json()
    assert [(r["ok"], r["status_code"]) for r in bulk["results"]] == [(False, 404)]
    mine = (await api.a.get(f"/approvals/{owned.approval_id}")).json()
    assert mine["status"] == "pending"  # nothing B did reached A's approval
    assert (await api.a.get(f"/threads/{owned.thread_id}")).json()["runs"] == 2
    assert (
        await api.a.get("/agents")
    ).status_code == 200  # A's key was neither revoked nor rotated


async def test_a_busy_thread_of_a_is_still_404_for_b(api: Api, owned: Owned) -> None:
    with thread_lock(api.sessions.kw["bind"], owned.thread_id):
        response = await api.b.post(f"/threads/{owned.thread_id}/runs", json={"text": "hi"})
    assert response.status_code == 404  # not 409: B learns nothing about A's thread


async def test_b_s_lists_never_show_a_s_rows(api: Api, owned: Owned) -> None:
    paths = ("/threads", "/runs", "/approvals", "/errors", "/errors/leads", "/activity")
    for path in (*paths, "/messages", "/crons"):
        page = (await api.b.get(path, params={"limit": 200})).json()
        assert (page["total"], page["items"]) == (0, []), path
    approved = (await api.b.get("/approvals", params={"status": "approved"})).json()
    assert approved["total"] == 0

    own_thread = await api.new_thread(api.b, title="B's own")
    threads = (await api.b.get("/threads")).json()["items"]
    assert [t["id"] for t in threads] == [own_thread]
    a_threads = {
        t["id"] for t in (await api.a.get("/threads", params={"limit": 200})).json()["items"]
    }
    assert own_thread not in a_threads and owned.thread_id in a_threads
    a_messages = (await api.a.get("/messages")).json()["items"]
    assert owned.message_id in {m["id"] for m in a_messages}

    b_keys = (await api.b.get("/keys")).json()
    assert owned.key_id not in {k["id"] for k in b_keys} and len(b_keys) == 1
    created = await api.b.post("/keys", json={"name": "b-ops", "role": "operator"})
    assert created.status_code == 201, created.text
    a_keys = {k["id"] for k in (await api.a.get("/keys")).json()}
    assert created.json()["key"]["id"] not in a_keys and owned.key_id in a_keys


async def test_agents_metrics_and_thread_ids_do_not_cross(api: Api, owned: Owned) -> None:
    assert (await api.b.get("/agents/sales")).json()["tone"] == "professional"
    assert (await api.a.get("/agents/sales")).json()["tone"] == "friendly"
    metrics = (await api.b.get("/metrics/agents")).json()
    assert all(
        row["tasks_completed"] == row["tasks_failed"] == row["tokens_used"] == 0
        for row in metrics["agents"]
    )
    assert metrics["unattributed_tokens"] == 0
    # The rival tenant has no events: no forecast, no funnels, never the demo's.
    assert (await api.a.get("/metrics/tickets")).status_code == 200
    assert (await api.b.get("/metrics/tickets")).status_code == 404
    assert (await api.b.get("/metrics/funnel")).json() == {
        "event_id": None,
        "event": None,
        "campaigns": [],
    }
    assert (await api.a.get("/metrics/funnel")).json()["campaigns"]
    turned_on = await api.a.patch("/tenant/settings", json={"require_distinct_approver": True})
    assert turned_on.json() == {
        "tenant_id": TENANT_A,
        "require_distinct_approver": True,
        "automation_paused": False,
    }
    paused = await api.a.patch("/tenant/settings", json={"automation_paused": True})
    assert paused.json()["automation_paused"] is True
    b_settings = (await api.b.get("/tenant/settings")).json()
    assert b_settings == {
        "tenant_id": "rival",
        "require_distinct_approver": False,
        "automation_paused": False,
    }
    assert (await api.b.get("/crons")).json()["items"] == []
    assert (await api.a.get(f"/crons/{owned.cron_id}")).json()["automation_paused"] is True
    taken = await api.b.post("/threads", json={"id": owned.thread_id})
    assert taken.status_code == 409  # ids are global; the answer is the same for any owner
    assert (
        taken.json()["error"] == f"thread id {owned.thread_id!r} is taken; send another id, or none"
    )


async def test_privacy_requests_of_b_never_reach_a_s_people(api: Api, owned: Owned) -> None:
    email = anchors.ORDER_BUYER_EMAIL
    exported = (await api.b.get("/privacy/export", params={"email": email})).json()
    assert (exported["row_count"], exported["tables"], exported["conversations"]) == (0, {}, [])
    erased = await api.b.post("/privacy/erase", json={"email": email})
    assert erased.status_code == 200 and erased.json()["rows"] == {"checkpoint_threads": 0}
    with api.sessions() as session:
        order = session.scalars(
            select(Order).where(Order.number == anchors.ORDER_BELOW_REFUND_THRESHOLD)
        ).one()
    assert order.buyer_email == email  # B's erasure touched nothing of A's
    mine = (await api.a.get("/privacy/export", params={"email": email})).json()
    assert mine["row_count"] >= 1 and mine["suppressed"] is False
    assert [c["thread_id"] for c in mine["conversations"]] == [owned.thread_id]


async def test_budgets_and_their_usage_do_not_cross(api: Api, owned: Owned) -> None:
    mine = (await api.a.get("/budgets")).json()["items"]
    [a_total] = [b for b in mine if b["agent"] is None]
    assert a_total["used"]["runs"] == 2 and a_total["used"]["llm_calls"] > 0
    unlimited = {"max_runs": None, "max_llm_calls": None, "max_tokens": None, "max_cost_usd": None}
    nothing = {"runs": 0, "llm_calls": 0, "input_tokens": 0, "output_tokens": 0, "tokens": 0}
    theirs = (await api.b.get("/budgets")).json()["items"]
    assert theirs == [{"agent": None, "limits": unlimited, "used": {**nothing, "cost_usd": 0.0}}]

    spent = await api.b.patch("/budgets", json={"max_runs": 0, "max_tokens": 0})
    assert spent.status_code == 200
    b_thread = await api.new_thread(api.b)
    assert (await api.b.post(f"/threads/{b_thread}/runs", json={"text": "hi"})).status_code == 429
    [a_total] = [b for b in (await api.a.get("/budgets")).json()["items"] if b["agent"] is None]
    assert a_total["limits"] == unlimited  # B's limits are B's alone
    a_thread = await api.new_thread()
    started = await api.a.post(f"/threads/{a_thread}/runs", json={"text": "daily insights"})
    assert started.status_code == 202


async def test_langgraph_api_shows_b_nothing_of_a(api: Api, owned: Owned) -> None:
    b_thread = (await api.b.post(LG, json={})).json()["thread_id"]
    found = (await api.b.post(f"{LG}/search", json={"limit": 200})).json()
    assert [t["thread_id"] for t in found] == [b_thread]
    by_id = await api.b.post(f"{LG}/search", json={"ids": [owned.thread_id]})
    assert by_id.json() == []
    # A's run under B's own thread is not found either.
    crossed = await api.b.get(f"{LG}/{b_thread}/runs/{owned.run_id}")
    assert crossed.status_code == 404
    taken = await api.b.post(LG, json={"thread_id": owned.thread_id, "if_exists": "do_nothing"})
    assert taken.status_code == 409  # ids are global: the same answer for any owner
    assert taken.json()["error"] == (
        f"thread id {owned.thread_id!r} is taken; send another id, or none"
    )
    assert (await api.b.get(f"{LG}/{b_thread}/runs")).json() == []
    mine = (await api.a.get(f"/approvals/{owned.approval_id}")).json()
    assert mine["status"] == "pending"  # no resume of B's reached A's approval
    state = (await api.a.get(f"{LG}/{owned.thread_id}/state")).json()
    assert state["next"] == ["approval_gate"]  # A's thread still waits, untouched
    assert (await api.b.post(f"{LG_CRONS}/search", json={})).json() == []
    assert (await api.b.post(f"{LG_CRONS}/count", json={})).json() == 0
    a_crons = (await api.a.post(f"{LG_CRONS}/search", json={})).json()
    assert [c["cron_id"] for c in a_crons] == [cron_uuid(owned.cron_id)]


def test_every_scoped_route_is_checked_here(api_routes: set[tuple[str, str]]) -> None:
    checked = {
        ("GET", "/threads/{thread_id}"),
        ("GET", "/threads/{thread_id}/state"),
        ("GET", "/threads/{thread_id}/history"),
        ("GET", "/threads/{thread_id}/runs"),
        ("POST", "/threads/{thread_id}/runs"),
        ("POST", "/threads/{thread_id}/runs/stream"),
        ("GET", "/runs/{run_id}"),
        ("GET", "/runs/{run_id}/stream"),
        ("POST", "/runs/{run_id}/cancel"),
        ("GET", "/approvals/{approval_id}"),
        ("POST", "/approvals/{approval_id}/approve"),
        ("POST", "/approvals/{approval_id}/reject"),
        ("POST", "/approvals/{approval_id}/edit"),
        ("POST", "/errors/{run_id}/retry"),
        ("POST", "/approvals/bulk"),
        ("GET", "/threads"),
        ("POST", "/threads"),
        ("GET", "/runs"),
        ("GET", "/approvals"),
        ("GET", "/errors"),
        ("GET", "/activity"),
        ("GET", "/messages"),
        ("GET", "/agents"),
        ("GET", "/agents/{agent}"),
        ("PATCH", "/agents/{agent}"),
        ("GET", "/metrics/agents"),
        ("GET", "/metrics/tickets"),
        ("GET", "/metrics/funnel"),
        ("GET", "/integrations"),  # no tenant data: connectors only
        ("GET", "/keys"),
        ("POST", "/keys"),
        ("POST", "/keys/{key_id}/revoke"),
        ("POST", "/keys/{key_id}/rotate"),
        ("GET", "/tenant/settings"),
        ("PATCH", "/tenant/settings"),
        ("GET", "/privacy/export"),
        ("POST", "/privacy/erase"),
        ("GET", "/budgets"),
        ("PATCH", "/budgets"),
        ("POST", "/leads"),
        ("GET", "/leads/{contact_id}/steps"),
        ("GET", "/errors/leads"),
        ("POST", "/errors/leads/{step_id}/retry"),
        ("GET", "/crons"),
        ("POST", "/crons"),
        ("GET", "/crons/{cron_id}"),
        ("PATCH", "/crons/{cron_id}"),
        ("DELETE", "/crons/{cron_id}"),
        ("GET", "/crons/{cron_id}/fires"),
        # LangGraph's server API (routes_by_b, test_langgraph_api_shows_b_nothing_of_a);
        # the assistant routes hold no tenant data: the graph is the same for everyone.
        ("GET", "/langgraph/info"),
        ("POST", "/langgraph/assistants/search"),
        ("POST", "/langgraph/assistants/count"),
        ("GET", "/langgraph/assistants/{assistant_id}"),
        ("GET", "/langgraph/assistants/{assistant_id}/graph"),
        ("GET", "/langgraph/assistants/{assistant_id}/schemas"),
        ("GET", "/langgraph/assistants/{assistant_id}/subgraphs"),
        ("POST", "/langgraph/threads"),
        ("POST", "/langgraph/threads/search"),
        ("GET", "/langgraph/threads/{thread_id}"),
        ("DELETE", "/langgraph/threads/{thread_id}"),
        ("GET", "/langgraph/threads/{thread_id}/state"),
        ("GET", "/langgraph/threads/{thread_id}/state/{checkpoint_id}"),
        ("POST", "/langgraph/threads/{thread_id}/state/checkpoint"),
        ("POST", "/langgraph/threads/{thread_id}/state"),
        ("GET", "/langgraph/threads/{thread_id}/history"),
        ("POST", "/langgraph/threads/{thread_id}/history"),
        ("GET", "/langgraph/threads/{thread_id}/runs"),
        ("POST", "/langgraph/threads/{thread_id}/runs"),
        ("POST", "/langgraph/threads/{thread_id}/runs/stream"),
        ("POST", "/langgraph/threads/{thread_id}/runs/wait"),
        ("GET", "/langgraph/threads/{thread_id}/runs/{run_id}"),
        ("DELETE", "/langgraph/threads/{thread_id}/runs/{run_id}"),
        ("GET", "/langgraph/threads/{thread_id}/runs/{run_id}/join"),
        ("GET", "/langgraph/threads/{thread_id}/runs/{run_id}/stream"),
        ("POST", "/langgraph/threads/{thread_id}/runs/{run_id}/cancel"),
        ("POST", "/langgraph/threads/{thread_id}/runs/crons"),
        ("POST", "/langgraph/runs/crons"),  # creates the caller's own
        ("POST", "/langgraph/runs/crons/search"),
        ("POST", "/langgraph/runs/crons/count"),
        ("PATCH", "/langgraph/runs/crons/{cron_id}"),
        ("DELETE", "/langgraph/runs/crons/{cron_id}"),
    }
    assert api_routes == checked


@pytest.fixture
def api_routes() -> set[tuple[str, str]]:
    """(method, path) of every documented operation except the unscoped ones."""
    from server.app import create_app

    paths = create_app().openapi()["paths"]
    return {
        (method.upper(), path)
        for path, operations in paths.items()
        if path not in UNSCOPED
        for method in operations
    }
