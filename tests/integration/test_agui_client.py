"""The real AG-UI client (``@ag-ui/client`` HttpAgent, run by Node) against ``switchboard serve``.

A refund request streams RUN_STARTED, text deltas as they are produced, the approval
interrupt in the form CopilotKit's interrupt hooks read (CUSTOM ``on_interrupt``) and
RUN_FINISHED; the client's resume completes the refund exactly once. Runs on SQLite
and on Postgres (business data and checkpoints).
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from domain.db import make_engine
from domain.demo import anchors
from switchboard.settings import Settings
from tests.agui_client.driver import (
    ClientRun,
    Server,
    new_key,
    node_client,
    outbox_rows,
    pending_interrupt_ids,
    refund_count,
    run_client,
    seeded_postgres,
    serving,
)
from tests.process_helpers import cli_env, cli_processes

SNAPSHOT = date(2026, 9, 1)
BELOW = anchors.ORDER_BELOW_REFUND_THRESHOLD
ABOVE = anchors.ORDER_ABOVE_REFUND_THRESHOLD


@dataclass
class Deployment:
    """A served database: its URL, settings, an engine to watch it, keys and the server."""

    url: str
    settings: Settings
    engine: Engine
    key: str
    other_tenant_key: str
    server: Server


@pytest.fixture(scope="module")
def node() -> str:
    return node_client()


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def deployment(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    demo_sqlite_template: Path,
    node: str,  # skip before starting anything when Node is missing
) -> Iterator[Deployment]:
    folder = tmp_path_factory.mktemp(f"agui-{request.param}")
    with _database(request.param, demo_sqlite_template, folder) as url:
        env = cli_env(url, folder)
        settings = Settings(database_url=url, checkpoint_url=url, data_dir=folder)
        engine = make_engine(url)
        key, other = new_key(engine, anchors.TENANT_ID), new_key(engine, "agui-other-tenant")
        try:
            with cli_processes(folder) as procs, serving(procs, env) as server:
                yield Deployment(url, settings, engine, key, other, server)
        finally:
            engine.dispose()


@pytest.fixture
def thread() -> str:
    return f"agui-{uuid.uuid4().hex[:12]}"


def _database(backend: str, template: Path, folder: Path) -> AbstractContextManager[str]:
    if backend == "postgres":
        return seeded_postgres("sb_agui", SNAPSHOT)
    target = folder / "demo.db"
    shutil.copyfile(template, target)
    return nullcontext(f"sqlite:///{target}")


def run(d: Deployment, node: str, thread: str, mode: str, *extra: str) -> ClientRun:
    return run_client(node, d.server.url, d.key, thread, mode, *extra)


def test_refund_streams_then_client_resume_refunds_exactly_once(
    deployment: Deployment, node: str, thread: str
) -> None:
    request = f"Hi, I want a refund for order {BELOW}, I cannot come"
    first = run(deployment, node, thread, "run", "--message", request)

    assert first.returncode == 0, first.stderr
    types = first.summary["types"]
    assert types[0] == "RUN_STARTED"
    assert types[-2:] == ["CUSTOM", "RUN_FINISHED"]
    # Tokens stream as they are produced: many deltas, in order, before the run ends,
    # over several network reads.
    deltas = first.times("TEXT_MESSAGE_CONTENT")
    finished = first.times("RUN_FINISHED")[0]
    assert len(deltas) >= 10
    assert deltas == sorted(deltas)
    assert deltas[0] < deltas[-1] < finished
    assert first.summary["reads"] > 5
    assert first.summary["firstReadAt"] < first.summary["lastReadAt"]
    assert types.index("TEXT_MESSAGE_CONTENT") < types.index("CUSTOM")
    # The interrupt in the form CopilotKit's useLangGraphInterrupt reads.
    interrupt = first.summary["onInterrupt"]
    assert [a["name"] for a in interrupt["action_requests"]] == ["process_refund"]
    assert interrupt["action_requests"][0]["args"]["order_number"] == BELOW
    assert interrupt["review_configs"][0]["allowed_decisions"][0] == "approve"
    assert "RAW" not in types
    # Proposed, not sent: the outbox row waits for the approval.
    assert outbox_rows(deployment.engine, thread) == [("refund", "pending_approval")]
    assert refund_count(deployment.engine, BELOW) == 0

    resumed = run(deployment, node, thread, "resume", "--decision", "approve")

    assert resumed.returncode == 0, resumed.stderr
    assert resumed.summary["types"][0] == "RUN_STARTED"
    assert resumed.summary["lastType"] == "RUN_FINISHED"
    assert resumed.summary["onInterrupt"] is None
    assert "process_refund (support): done" in resumed.summary["messages"][-1]["content"]
    assert outbox_rows(deployment.engine, thread) == [("refund", "recorded")]
    assert refund_count(deployment.engine, BELOW) == 1

    again = run(deployment, node, thread, "resume", "--decision", "approve")

    assert again.summary["lastType"] == "RUN_FINISHED"
    assert again.summary["onInterrupt"] is None
    assert outbox_rows(deployment.engine, thread) == [("refund", "recorded")]
    assert refund_count(deployment.engine, BELOW) == 1


def test_resume_array_form_answers_the_interrupt_by_id(
    deployment: Deployment, node: str, thread: str
) -> None:
    request = f"Hi, I want a refund for order {ABOVE}, I cannot come"
    first = run(deployment, node, thread, "run", "--message", request)
    actions = [a["name"] for a in first.summary["onInterrupt"]["action_requests"]]
    assert actions == ["process_refund", "escalate_to_human"]
    (interrupt_id,) = pending_interrupt_ids(deployment.settings, thread)

    resumed = run(
        deployment,
        node,
        thread,
        "resume",
        "--interrupt-id",
        interrupt_id,
        "--decision",
        "approve",
        "--decision",
        "approve",
    )

    assert resumed.returncode == 0, resumed.stderr
    assert resumed.summary["onInterrupt"] is None
    assert sorted(outbox_rows(deployment.engine, thread)) == [
        ("escalation", "recorded"),
        ("refund", "recorded"),
    ]
    assert refund_count(deployment.engine, ABOVE) == 1
    assert pending_interrupt_ids(deployment.settings, thread) == []


def test_another_tenants_key_cannot_open_the_thread(
    deployment: Deployment, node: str, thread: str
) -> None:
    run(deployment, node, thread, "run", "--message", "What is the refund policy?")

    foreign = run_client(node, deployment.server.url, deployment.other_tenant_key, thread, "reopen")

    assert foreign.returncode == 1
    assert foreign.summary["error"]["status"] == 404
    assert foreign.summary["types"] == []
