"""The real AG-UI client (``@ag-ui/client`` HttpAgent, run by Node) against ``switchboard serve``.

A refund request streams RUN_STARTED, text deltas as they are produced, the approval
interrupt in the form CopilotKit's interrupt hooks read (CUSTOM ``on_interrupt``) and
RUN_FINISHED; the client's resume completes the refund exactly once. Runs on SQLite
and on Postgres (business data and checkpoints).
"""

from __future__ import annotations

import json
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
    run_records,
    serving,
    unrefunded_order,
)
from tests.process_helpers import cli_env, cli_processes, demo_postgres_copy

SNAPSHOT = date(2026, 9, 1)
BELOW = anchors.ORDER_BELOW_REFUND_THRESHOLD
ABOVE = anchors.ORDER_ABOVE_REFUND_THRESHOLD
LAUNCH = "Launch the event: analyse the audience, then find sponsors and start the campaign"


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
    with _database(request, demo_sqlite_template, folder) as url:
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


def _database(
    request: pytest.FixtureRequest, template: Path, folder: Path
) -> AbstractContextManager[str]:
    if request.param == "postgres":  # the Postgres template only when this backend runs
        return demo_postgres_copy(request.getfixturevalue("postgres_engine"))
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


def _text_messages_well_formed(r: ClientRun) -> list[str]:
    """Ids of the streamed text messages; fails on content outside a started message."""
    open_ids: set[str] = set()
    started: list[str] = []
    for event in r.events:
        kind, message_id = event["type"], event.get("messageId")
        if kind == "TEXT_MESSAGE_START":
            assert message_id not in open_ids and message_id not in started
            open_ids.add(message_id)
            started.append(message_id)
        elif kind in ("TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END"):
            assert message_id in open_ids, f"{kind} for {message_id}, which was never started"
            if kind == "TEXT_MESSAGE_END":
                open_ids.remove(message_id)
    assert not open_ids
    return started


def test_a_multi_department_plan_streams_only_the_supervisors_answer(
    deployment: Deployment, node: str, thread: str
) -> None:
    first = run(deployment, node, thread, "run", "--message", LAUNCH)

    assert first.returncode == 0, first.stderr
    assert first.summary["error"] is None
    types = first.summary["types"]
    assert "RUN_ERROR" not in types
    assert types[-2:] == ["CUSTOM", "RUN_FINISHED"]
    # One streamed message, the supervisor's answer; department chatter stays inside.
    assert len(_text_messages_well_formed(first)) == 1
    assert first.summary["textDeltas"] >= 10
    steps = [e["step"] for e in first.events if e["type"] == "STEP_STARTED"]
    assert {"analytics", "sales", "marketing", "synthesize"} <= set(steps)
    assert not {"agent", "draft_emails", "publish"} & set(steps)
    messages = first.summary["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    for department in ("Analytics:", "Sales:", "Marketing:"):
        assert department in messages[1]["content"]
    interrupt = first.summary["onInterrupt"]
    # sales' outreach emails and the campaign send marketing started, each for a person
    names = {a["name"] for a in interrupt["action_requests"]}
    assert names == {"send_email", "send_email_campaign"}


def test_a_resume_with_the_interrupted_runs_id_approves_exactly_once(
    deployment: Deployment, node: str, thread: str
) -> None:
    order = unrefunded_order(deployment.engine, like=BELOW)
    request = f"Hi, I want a refund for order {order}, I cannot come"
    first = run(deployment, node, thread, "run", "--message", request)
    run_id = first.summary["runId"]
    interrupt_event = json.dumps(first.summary["onInterrupt"])

    # As CopilotKit react-core 1.74 resumes: the interrupted run's id, without and
    # then with forwardedProps.command.interruptEvent (a second click).
    resumed = run(deployment, node, thread, "resume", "--run-id", run_id)
    again = run(
        deployment, node, thread, "resume", "--run-id", run_id, "--interrupt-event", interrupt_event
    )

    assert resumed.returncode == 0, resumed.stderr
    assert resumed.summary["runId"] == run_id
    assert "process_refund (support): done" in resumed.summary["messages"][-1]["content"]
    assert again.returncode == 0, again.stderr
    assert again.summary["onInterrupt"] is None
    assert outbox_rows(deployment.engine, thread) == [("refund", "recorded")]
    assert refund_count(deployment.engine, order) == 1
    records = run_records(deployment.engine, thread)
    assert [(kind, status) for kind, status, _ in records] == [
        ("run", "interrupted"),
        ("resume", "done"),
        ("resume", "done"),
    ]
    assert records[1][2]["client_run_id"] == run_id
    assert records[1][2]["decisions"] == [{"type": "approve"}]

    # The same id for a new request is still refused.
    reused = run(
        deployment,
        node,
        thread,
        "run",
        "--run-id",
        run_id,
        "--message",
        "What is the refund policy?",
    )

    assert reused.returncode == 1
    assert reused.summary["error"]["status"] == 409
    assert "already used" in reused.summary["error"]["payload"]["error"]
