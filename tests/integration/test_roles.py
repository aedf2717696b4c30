"""Roles over real HTTP: each role against representative routes, admin-only configuration,
AG-UI resumes, dead keys, and audit rows that name the key and the person.

The app runs its real lifespan on a private demo database (``tests.api_helpers.serve``);
``api.a`` is an admin key of the demo tenant, and each test adds keys of other roles.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from domain.base import utcnow
from domain.models import ApiKey, AuditEvent
from domain.roles import Role
from tests.api_helpers import REFUND_REQUEST, Api, serve

MISSING = "no-such-run"
MISSING_APPROVAL = 2_000_000_000
MISSING_CRON = "00000000-0000-4000-8000-000000000001"
LG_CRON = {
    "assistant_id": "switchboard",
    "schedule": "0 9 * * *",
    "input": {"messages": [{"role": "user", "content": "daily insights"}]},
}


@pytest.fixture
async def api(fresh_demo_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(fresh_demo_url, tmp_path / "data") as running:
        yield running


def matrix(threads: dict[Role, str]) -> list[tuple[str, str, Any, Role, int]]:
    """(method, path, body, least role, status for a role that may) per route.

    A 404 or 409 for an allowed role means the request got past the role check to the
    route's own answer; every other allowed answer is a 2xx.
    """
    return [
        ("GET", "/agents", None, Role.VIEWER, 200),
        ("GET", "/threads", None, Role.VIEWER, 200),
        ("GET", "/runs", None, Role.VIEWER, 200),
        ("GET", "/approvals", None, Role.VIEWER, 200),
        ("GET", "/activity", None, Role.VIEWER, 200),
        ("GET", "/metrics/agents", None, Role.VIEWER, 200),
        ("GET", "/metrics/tickets", None, Role.VIEWER, 200),
        ("GET", "/metrics/funnel", None, Role.VIEWER, 200),
        ("GET", "/tenant/settings", None, Role.VIEWER, 200),
        ("GET", "/crons", None, Role.VIEWER, 200),
        ("GET", f"/crons/{MISSING_APPROVAL}", None, Role.VIEWER, 404),
        ("GET", f"/crons/{MISSING_APPROVAL}/fires", None, Role.VIEWER, 404),
        ("POST", "/threads", {}, Role.OPERATOR, 201),
        ("POST", "/threads/{thread}/runs", {"text": "daily insights"}, Role.OPERATOR, 202),
        ("POST", f"/runs/{MISSING}/cancel", None, Role.OPERATOR, 404),
        ("GET", f"/runs/{MISSING}/stream", None, Role.VIEWER, 404),
        ("POST", f"/errors/{MISSING}/retry", None, Role.OPERATOR, 404),
        ("GET", "/errors/leads", None, Role.VIEWER, 200),
        ("POST", f"/errors/leads/{MISSING_APPROVAL}/retry", None, Role.OPERATOR, 404),
        ("POST", "/leads", {"contact_id": MISSING_APPROVAL}, Role.OPERATOR, 404),
        ("POST", f"/approvals/{MISSING_APPROVAL}/approve", None, Role.APPROVER, 404),
        ("POST", f"/approvals/{MISSING_APPROVAL}/reject", None, Role.APPROVER, 404),
        ("POST", f"/approvals/{MISSING_APPROVAL}/edit", {"args": {}}, Role.APPROVER, 404),
        (
            "POST",
            "/approvals/bulk",
            {"ids": [MISSING_APPROVAL], "decision": "approve"},
            Role.APPROVER,
            200,
        ),
        ("PATCH", "/agents/sales", {"tone": "friendly"}, Role.ADMIN, 200),
        ("PATCH", "/tenant/settings", {"require_distinct_approver": False}, Role.ADMIN, 200),
        ("POST", "/crons", {"name": "matrix", "kind": "daily_insights"}, Role.ADMIN, 201),
        ("PATCH", f"/crons/{MISSING_APPROVAL}", {"paused": True}, Role.ADMIN, 404),
        ("DELETE", f"/crons/{MISSING_APPROVAL}", None, Role.ADMIN, 404),
        ("POST", "/langgraph/runs/crons/search", {}, Role.VIEWER, 200),
        ("POST", "/langgraph/runs/crons/count", {}, Role.VIEWER, 200),
        ("POST", "/langgraph/runs/crons", LG_CRON, Role.ADMIN, 200),
        ("POST", "/langgraph/threads/{thread}/runs/crons", LG_CRON, Role.ADMIN, 200),
        ("PATCH", f"/langgraph/runs/crons/{MISSING_CRON}", {"enabled": False}, Role.ADMIN, 404),
        ("DELETE", f"/langgraph/runs/crons/{MISSING_CRON}", None, Role.ADMIN, 404),
        ("GET", "/keys", None, Role.ADMIN, 200),
        ("POST", "/keys", {"name": "made-in-matrix"}, Role.ADMIN, 201),
        ("POST", "/keys/{key}/rotate", None, Role.ADMIN, 404),
        ("POST", "/keys/{key}/revoke", None, Role.ADMIN, 404),
    ]


async def test_each_role_gets_its_routes_and_a_403_sentence_for_the_rest(api: Api) -> None:
    keys = {role: api.create_key(role, f"matrix-{role}")[1] for role in Role}
    threads = {role: await api.new_thread() for role in Role}
    run_ids = []
    for role in Role:
        async with api.client(keys[role]) as client:
            for method, path, body, needed, allowed in matrix(threads):
                path = path.format(thread=threads[role], key=MISSING_APPROVAL)
                response = await client.request(method, path, json=body)
                where = (role.value, method, path, response.text)
                if role.allows(needed):
                    assert response.status_code == allowed, where
                    if response.status_code == 202:
                        run_ids.append(response.json()["run_id"])
                else:
                    assert response.status_code == 403, where
                    assert response.json()["error"] == (
                        f"this needs the '{needed}' role ({_can(needed)}); "
                        f"API key 'matrix-{role}' has the '{role}' role"
                    ), where
    assert len(run_ids) == 3  # operator, approver and admin started one each
    for run_id in run_ids:
        assert (await api.wait_run(run_id))["status"] == "done"


def _can(role: Role) -> str:
    from domain.roles import CAN

    return CAN[role]


async def test_only_an_admin_changes_autonomy_and_the_audit_row_names_key_and_person(
    api: Api,
) -> None:
    _, approver = api.create_key(Role.APPROVER, "lead", person="Lin <lin@example.com>")
    _, admin = api.create_key(Role.ADMIN, "owner", person="Ada Owner <ada@example.com>")
    full_auto = {"autonomy_mode": "full_auto", "auto_approve": True}
    async with api.client(approver) as lead, api.client(admin) as owner:
        refused = await lead.patch("/agents/support", json=full_auto)
        assert refused.status_code == 403
        assert "needs the 'admin' role" in refused.json()["error"]
        unchanged = (await lead.get("/agents/support")).json()
        assert (unchanged["autonomy_mode"], unchanged["auto_approve"]) == ("assisted", False)

        changed = await owner.patch("/agents/support", json=full_auto)
        assert changed.status_code == 200, changed.text
        assert changed.json()["autonomy_mode"] == "full_auto"
        activity = (await lead.get("/activity", params={"agent": "support"})).json()["items"]
    configured = next(i for i in activity if i["event"] == "configured")
    assert (configured["actor"], configured["key_name"], configured["person"]) == (
        "key:owner",
        "owner",
        "Ada Owner <ada@example.com>",
    )
    assert configured["summary"].endswith("by key:owner (Ada Owner <ada@example.com>)")


async def _refund_approval(api: Api, client: Any) -> dict[str, Any]:
    run = await api.run(REFUND_REQUEST, client=client)
    assert run["status"] == "interrupted", run
    return await api.pending_approval(run["thread_id"])


def _audit(api: Api, thread_id: str) -> dict[str, tuple[str, str | None, str | None]]:
    with api.sessions() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.thread_id == thread_id).order_by(AuditEvent.id)
        )
        return {r.event: (r.actor, r.key_name, r.person) for r in rows}


async def test_separation_of_duties_refuses_self_approval_when_on(api: Api) -> None:
    await _separation_of_duties(api)


@pytest.mark.postgres
async def test_separation_of_duties_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    async with serve(postgres_url, tmp_path / "data", checkpoint_url=postgres_url) as api:
        await _separation_of_duties(api)


async def _separation_of_duties(api: Api) -> None:
    ada_id, ada = api.create_key(Role.APPROVER, "ada", person="Ada <ada@example.com>")
    _, ada_again = api.create_key(Role.APPROVER, "ada-laptop", person="ADA@example.com")
    _, bob = api.create_key(Role.APPROVER, "bob", person="Bob <bob@example.com>")
    on = await api.a.patch("/tenant/settings", json={"require_distinct_approver": True})
    assert on.json()["require_distinct_approver"] is True

    async with api.client(ada) as a1, api.client(ada_again) as a2, api.client(bob) as b:
        approval = await _refund_approval(api, a1)
        assert (
            approval["requested_by"],
            approval["requested_key_id"],
            approval["requested_person"],
        ) == ("key:ada", ada_id, "Ada <ada@example.com>")
        path = f"/approvals/{approval['id']}/approve"

        own = await a1.post(path)
        assert own.status_code == 403, own.text
        assert own.json()["error"] == (
            f"approval {approval['id']} was requested by key:ada (Ada <ada@example.com>); "
            "this tenant requires a different key and person to decide it "
            "(require_distinct_approver is on)"
        )
        same_person = await a2.post(path)  # another key of the same person
        assert same_person.status_code == 403
        bulk = (
            await a1.post("/approvals/bulk", json={"ids": [approval["id"]], "decision": "approve"})
        ).json()
        assert [(r["ok"], r["status_code"]) for r in bulk["results"]] == [(False, 403)]
        assert (await b.get(f"/approvals/{approval['id']}")).json()["status"] == "pending"

        other = await b.post(path)
        assert other.status_code == 200, other.text
        assert other.json()["approval"]["decided_by"] == "key:bob"
        assert other.json()["thread_status"] == "done"

    audit = _audit(api, approval["thread_id"])
    assert audit["requested"] == ("policy", "ada", "Ada <ada@example.com>")
    assert audit["approved"] == ("key:bob", "bob", "Bob <bob@example.com>")
    assert audit["executed"] == ("support", "bob", "Bob <bob@example.com>")  # inside the run


async def test_self_approval_is_allowed_when_the_setting_is_off(api: Api) -> None:
    assert (await api.a.get("/tenant/settings")).json()["require_distinct_approver"] is False
    _, ada = api.create_key(Role.APPROVER, "ada", person="Ada <ada@example.com>")
    async with api.client(ada) as client:
        approval = await _refund_approval(api, client)
        own = await client.post(f"/approvals/{approval['id']}/approve")
    assert own.status_code == 200, own.text
    assert own.json()["approval"]["status"] == "approved"
    audit = _audit(api, approval["thread_id"])
    assert audit["approved"] == ("key:ada", "ada", "Ada <ada@example.com>")


async def test_rejecting_ones_own_action_is_allowed_with_the_setting_on(api: Api) -> None:
    await api.a.patch("/tenant/settings", json={"require_distinct_approver": True})
    _, ada = api.create_key(Role.APPROVER, "ada")
    async with api.client(ada) as client:
        approval = await _refund_approval(api, client)
        rejected = await client.post(f"/approvals/{approval['id']}/reject", json={"message": "no"})
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["approval"]["status"] == "rejected"


def agui_body(thread: str, text: str | None = None, **extra: Any) -> dict[str, Any]:
    """A RunAgentInput as CopilotKit sends it."""
    messages = [{"id": str(uuid.uuid4()), "role": "user", "content": text}] if text else []
    return {
        "threadId": thread,
        "runId": str(uuid.uuid4()),
        "messages": messages,
        "state": {},
        "tools": [],
        "context": [],
        "forwardedProps": {},
        **extra,
    }


async def test_an_agui_resume_needs_an_approver(api: Api) -> None:
    _, viewer = api.create_key(Role.VIEWER, "watcher")
    _, operator = api.create_key(Role.OPERATOR, "ops", person="Oz <oz@example.com>")
    _, approver = api.create_key(Role.APPROVER, "lead", person="Lin <lin@example.com>")
    approval = await _refund_approval(api, api.a)
    thread = approval["thread_id"]
    decisions = {"decisions": [{"type": "approve"}]}
    command = agui_body(thread, forwardedProps={"command": {"resume": decisions}})
    array = agui_body(
        thread, resume=[{"interruptId": "x", "status": "resolved", "payload": decisions}]
    )
    async with api.client(viewer) as v, api.client(operator) as o, api.client(approver) as a:
        watched = await v.post("/agui", json=agui_body(thread, "daily insights"))
        assert watched.status_code == 403
        assert "needs the 'operator' role" in watched.json()["error"]
        for body in (command, array):
            refused = await o.post("/agui", json=body)
            assert refused.status_code == 403, refused.text
            assert refused.json()["error"] == (
                "this needs the 'approver' role (a resume carries approval decisions); "
                "API key 'ops' has the 'operator' role"
            )
        assert (await o.get(f"/approvals/{approval['id']}")).json()["status"] == "pending"

        resumed = await a.post("/agui", json=command)
        assert resumed.status_code == 200, resumed.text
        assert '"RUN_FINISHED"' in resumed.text
        decided = (await a.get(f"/approvals/{approval['id']}")).json()
    assert (decided["status"], decided["decided_by"]) == ("approved", "key:lead")
    audit = _audit(api, thread)
    assert audit["approved"] == ("key:lead", "lead", "Lin <lin@example.com>")
    assert audit["executed"] == ("support", "lead", "Lin <lin@example.com>")


async def test_expired_revoked_and_rotated_keys_get_401_with_a_sentence(api: Api) -> None:
    expired_id, expired = api.create_key(Role.ADMIN, "old-laptop")
    with api.sessions.begin() as session:
        session.execute(
            update(ApiKey)
            .where(ApiKey.id == expired_id)
            .values(expires_at=utcnow() - timedelta(minutes=1))
        )
    async with api.client(expired) as client:
        response = await client.get("/agents")
    assert response.status_code == 401
    assert response.json()["error"].startswith("API key 'old-laptop' expired at ")
    assert response.headers["www-authenticate"] == "Bearer"

    created = await api.a.post(
        "/keys",
        json={
            "name": "ci",
            "role": "operator",
            "person": "CI <ci@example.com>",
            "expires_in": "30d",
        },
    )
    assert created.status_code == 201, created.text
    issued = created.json()
    first = issued["secret"]
    assert issued["key"]["role"] == "operator" and issued["key"]["status"] == "active"
    lifetime = issued["key"]["expires_at"]
    assert lifetime is not None
    async with api.client(first) as client:
        assert (await client.get("/agents")).status_code == 200

    rotated = await api.a.post(f"/keys/{issued['key']['id']}/rotate")
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()["secret"]
    assert second != first
    new = rotated.json()["key"]
    assert (new["name"], new["role"], new["person"]) == ("ci", "operator", "CI <ci@example.com>")
    async with api.client(first) as old_client, api.client(second) as new_client:
        old = await old_client.get("/agents")
        assert old.status_code == 401
        assert old.json()["error"].startswith("API key 'ci' was rotated at ")
        assert (await new_client.get("/agents")).status_code == 200

        revoked = await api.a.post(f"/keys/{new['id']}/revoke")
        assert revoked.json()["status"] == "revoked"
        gone = await new_client.get("/agents")
        assert gone.status_code == 401
        assert gone.json()["error"].startswith("API key 'ci' was revoked at ")
    again = await api.a.post(f"/keys/{new['id']}/revoke")
    assert again.status_code == 409
    assert again.json()["error"] == f"API key {new['id']} ('ci') is already revoked"

    listed = await api.a.get("/keys")
    assert "key_hash" not in listed.text and first not in listed.text and second not in listed.text
    by_id = {k["id"]: k for k in listed.json()}
    assert by_id[issued["key"]["id"]]["replaced_by_id"] == new["id"]
    assert by_id[expired_id]["status"] == "expired"
    bad = await api.a.post("/keys", json={"name": "x", "expires_in": "soon"})
    assert bad.status_code == 422 and bad.json()["error"].startswith("expires_in:")


def test_every_operation_names_its_role_in_the_openapi_document() -> None:
    from server.app import create_app

    spec = create_app().openapi()
    found = {
        (method.upper(), path): operation.get("x-required-role")
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
    }
    admin = {
        ("PATCH", "/agents/{agent}"),
        ("GET", "/keys"),
        ("POST", "/keys"),
        ("POST", "/keys/{key_id}/revoke"),
        ("POST", "/keys/{key_id}/rotate"),
        ("PATCH", "/tenant/settings"),
        ("GET", "/privacy/export"),  # everything held about a person
        ("POST", "/privacy/erase"),
        ("PATCH", "/budgets"),
        ("POST", "/crons"),
        ("PATCH", "/crons/{cron_id}"),
        ("DELETE", "/crons/{cron_id}"),
        ("POST", "/langgraph/runs/crons"),
        ("POST", "/langgraph/threads/{thread_id}/runs/crons"),
        ("PATCH", "/langgraph/runs/crons/{cron_id}"),
        ("DELETE", "/langgraph/runs/crons/{cron_id}"),
    }
    approver = {
        ("POST", "/approvals/{approval_id}/approve"),
        ("POST", "/approvals/{approval_id}/reject"),
        ("POST", "/approvals/{approval_id}/edit"),
        ("POST", "/approvals/bulk"),
    }
    operator = {
        ("POST", "/agui"),
        ("POST", "/threads"),
        ("POST", "/threads/{thread_id}/runs"),
        ("POST", "/threads/{thread_id}/runs/stream"),
        ("POST", "/runs/{run_id}/cancel"),
        ("POST", "/errors/{run_id}/retry"),
        ("POST", "/errors/leads/{step_id}/retry"),
        ("POST", "/leads"),
        # LangGraph's server API: writes and runs (a resume needs an approver, checked
        # on the body: see test_langgraph_api.py)
        ("POST", "/langgraph/threads"),
        ("DELETE", "/langgraph/threads/{thread_id}"),
        ("POST", "/langgraph/threads/{thread_id}/state"),
        ("POST", "/langgraph/threads/{thread_id}/runs"),
        ("POST", "/langgraph/threads/{thread_id}/runs/stream"),
        ("POST", "/langgraph/threads/{thread_id}/runs/wait"),
        ("POST", "/langgraph/threads/{thread_id}/runs/{run_id}/cancel"),
        ("DELETE", "/langgraph/threads/{thread_id}/runs/{run_id}"),
    }
    unkeyed = {
        ("GET", "/health/live"),
        ("GET", "/health/ready"),
        ("GET", "/unsubscribe"),  # the signed link is the credential
        ("POST", "/unsubscribe"),
    }
    for operation, role in found.items():
        expected = (
            "admin"
            if operation in admin
            else "approver"
            if operation in approver
            else "operator"
            if operation in operator
            else None
            if operation in unkeyed
            else "viewer"
        )
        assert role == expected, operation
        if role not in (None, "viewer"):
            assert "403" in spec["paths"][operation[1]][operation[0].lower()]["responses"]


async def test_an_agui_self_approval_is_refused_and_another_approver_can_still_decide(
    api: Api,
) -> None:
    await api.a.patch("/tenant/settings", json={"require_distinct_approver": True})
    _, ada = api.create_key(Role.APPROVER, "ada", person="Ada <ada@example.com>")
    _, bob = api.create_key(Role.APPROVER, "bob", person="Bob <bob@example.com>")
    async with api.client(ada) as a1, api.client(bob) as b:
        approval = await _refund_approval(api, a1)
        resume = {"command": {"resume": {"decisions": [{"type": "approve"}]}}}
        own = await a1.post("/agui", json=agui_body(approval["thread_id"], forwardedProps=resume))
        assert own.status_code == 200  # the stream had started; it ends in an error event
        assert '"RUN_ERROR"' in own.text and "require_distinct_approver is on" in own.text
        assert (await b.get(f"/approvals/{approval['id']}")).json()["status"] == "pending"

        other = await b.post(f"/approvals/{approval['id']}/approve")
    assert other.status_code == 200, other.text
    assert other.json()["approval"]["status"] == "approved"
    assert other.json()["thread_status"] == "done"
