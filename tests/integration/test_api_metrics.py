"""Per-agent metrics (exact, on a tenant with known rows) and the integrations report."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from domain.agent_messages import respond, send_message
from domain.base import utcnow
from domain.models import Activity, OutboxMessage, RunRecord, ThreadRecord
from domain.scope import Scope
from server.services.integrations import integrations
from switchboard.settings import Settings
from tests.api_helpers import TENANT_B, Api, serve


@pytest.fixture
async def api(fresh_demo_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(fresh_demo_url, tmp_path / "data") as running:
        yield running


RUNS: list[dict[str, Any]] = [
    # kind, status, agents, output departments, input tokens, output tokens
    {"kind": "run", "status": "done", "agents": ["sales", "support"],
     "departments": {"sales": "done", "support": "error"}, "tokens": (60, 41)},
    {"kind": "run", "status": "error", "agents": ["sales"], "tokens": (4, 6)},
    {"kind": "resume", "status": "done", "agents": ["support"], "tokens": (5, 2)},
    {"kind": "run", "status": "interrupted", "agents": ["marketing"], "tokens": (0, 0)},
    {"kind": "run", "status": "cancelled", "agents": ["marketing"], "tokens": (2, 1)},
    {"kind": "run", "status": "error", "agents": [], "tokens": (15, 5)},
    {"kind": "run", "status": "running", "agents": ["research"], "tokens": (9, 9)},
]  # fmt: skip


def seed_tenant_b(api: Api) -> None:
    """Runs, outbox rows, agent messages and emails with known counts for tenant B."""
    now = utcnow()
    with api.sessions.begin() as session:
        session.add(ThreadRecord(id="b-thread", tenant_id=TENANT_B, title="b"))
        session.flush()
        for n, spec in enumerate(RUNS):
            output = {"departments": spec["departments"]} if "departments" in spec else None
            session.add(
                RunRecord(
                    id=f"b-run-{n}",
                    tenant_id=TENANT_B,
                    thread_id="b-thread",
                    kind=spec["kind"],
                    status=spec["status"],
                    agents=spec["agents"],
                    output=output,
                    input_tokens=spec["tokens"][0],
                    output_tokens=spec["tokens"][1],
                )
            )
        for n, (agent, status) in enumerate(
            [("sales", "recorded"), ("sales", "recorded"), ("sales", "pending_approval"),
             ("support", "recorded")]
        ):  # fmt: skip
            session.add(
                OutboxMessage(
                    tenant_id=TENANT_B,
                    idempotency_key=f"k{n}",
                    kind="email",
                    agent=agent,
                    recipient="x@example.org",
                    status=status,
                )
            )
        for replied in (True, False):
            session.add(
                Activity(
                    tenant_id=TENANT_B,
                    kind="email",
                    direction="outbound",
                    occurred_at=now,
                    replied=replied,
                    created_by="sales",
                )
            )
        scope = Scope(session=session, tenant_id=TENANT_B, today=date(2026, 9, 1), actor="t")
        ask = send_message(scope, "sales", "analytics", "request", {"q": "?"})
        respond(scope, ask.id, {"a": "!"})


async def test_metrics_follow_their_definitions_exactly(api: Api) -> None:
    demo_before = (await api.a.get("/metrics/agents")).json()
    seed_tenant_b(api)
    report = (await api.b.get("/metrics/agents")).json()
    rows = {row.pop("agent"): row for row in report["agents"]}
    assert list(rows) == ["sales", "marketing", "operations", "support", "analytics", "research"]
    assert rows["sales"] == {
        "tasks_completed": 1,
        "tasks_failed": 1,
        "messages_sent": 3,
        "outbox_sent": 2,
        "agent_messages_sent": 1,
        "responses": 2,
        "agent_responses": 1,
        "email_replies": 1,
        "response_rate": 0.6667,
        "tokens_used": 51 + 10,
    }
    assert (rows["support"]["tasks_completed"], rows["support"]["tasks_failed"]) == (0, 1)
    assert (rows["support"]["messages_sent"], rows["support"]["response_rate"]) == (1, 0.0)
    assert rows["support"]["tokens_used"] == 50 + 7
    assert (rows["marketing"]["tasks_completed"], rows["marketing"]["tasks_failed"]) == (1, 0)
    assert rows["marketing"]["tokens_used"] == 3
    assert (rows["analytics"]["agent_messages_sent"], rows["analytics"]["responses"]) == (1, 0)
    assert rows["research"]["tokens_used"] == 0  # a running run is not counted yet
    assert rows["operations"]["response_rate"] is None
    assert report["unattributed_tokens"] == 20
    assert set(report["definitions"]) >= {"tasks_completed", "response_rate", "tokens_used"}
    assert (await api.a.get("/metrics/agents")).json() == demo_before  # B's rows stay B's


async def test_integrations_report_the_embedded_defaults(api: Api) -> None:
    response = await api.a.get("/integrations")
    assert response.status_code == 200
    connectors = {c["kind"]: c for c in response.json()["connectors"]}
    assert {k: (c["backend"], c["configured"]) for k, c in connectors.items()} == {
        "model": ("offline", False),
        "checkpoints": ("sqlite", False),
        "database": ("sqlite", False),
        "email": ("outbox", False),
        "queue": ("none", False),
    }
    assert (await api.anonymous.get("/integrations")).status_code == 401


def test_integrations_never_show_secrets() -> None:
    settings = Settings(
        model="openai:gpt-4o-mini",
        model_api_key="sk-TOPSECRET",
        model_base_url="https://llmuser:llmpass@llm.internal:8443/v1",
        checkpoint_url="postgresql://app:hunter2@db.internal:5432/checkpoints",
        fallback_model="offline",
    )
    engine = create_engine("postgresql+psycopg://app:hunter2@db.internal:5432/business")
    report = integrations(settings, engine).model_dump_json()
    for secret in ("TOPSECRET", "hunter2", "llmpass", "llmuser", "app:"):
        assert secret not in report
    connectors = {c.kind: c for c in integrations(settings, engine).connectors}
    assert (connectors["model"].backend, connectors["model"].configured) == ("openai", True)
    assert connectors["model"].detail == (
        "model openai:gpt-4o-mini, endpoint host llm.internal, API key set, fallback offline"
    )
    assert connectors["checkpoints"].detail == (
        "Postgres at db.internal:5432/checkpoints (pool of up to 10)."
    )
    assert connectors["database"].detail == "postgresql at db.internal:5432/business"
