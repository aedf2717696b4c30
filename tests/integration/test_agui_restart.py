"""A server killed (SIGKILL) while a thread waits for approval loses nothing.

Business data and checkpoints live in Postgres. After the restart the real AG-UI client
reopens the thread (a run with no new message, as a reloaded page sends): it gets the
history and the pending approval without anything running again, approves, and the
refund is made once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from domain.db import make_engine
from domain.demo import anchors
from domain.models import RunRecord
from tests.agui_client.driver import (
    new_key,
    node_client,
    outbox_rows,
    refund_count,
    run_client,
    start_server,
)
from tests.process_helpers import cli_env, cli_processes, demo_postgres_copy

pytestmark = pytest.mark.postgres

ORDER = anchors.ORDER_BELOW_REFUND_THRESHOLD
REQUEST = f"Hi, I want a refund for order {ORDER}, I cannot come"


@pytest.fixture
def database_url(postgres_engine: Engine) -> Iterator[str]:
    with demo_postgres_copy(postgres_engine) as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def run_kinds(engine: Engine, thread: str) -> list[tuple[str, str]]:
    """(kind, status) of the thread's run records, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(RunRecord.kind, RunRecord.status)
            .where(RunRecord.thread_id == thread)
            .order_by(RunRecord.started_at)
        )
        return [(r[0], r[1]) for r in rows]


def test_after_a_kill_the_client_sees_history_and_approval_then_approves(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    node = node_client()
    key = new_key(engine, anchors.TENANT_ID)
    env = cli_env(database_url, tmp_path)
    thread = f"restart-{uuid.uuid4().hex[:12]}"
    with cli_processes(tmp_path) as procs:
        server = start_server(procs, env)
        first = run_client(node, server.url, key, thread, "run", "--message", REQUEST)
        assert first.summary["onInterrupt"]["action_requests"][0]["name"] == "process_refund"
        said = first.summary["snapshotMessages"]

        assert server.process.kill9()
        port = server.url.rsplit(":", 1)[1]
        server = start_server(procs, env, port=int(port))
        reopened = run_client(node, server.url, key, thread, "reopen")

        # The history and the pending approval, and nothing ran again.
        assert reopened.returncode == 0, reopened.stderr
        assert reopened.summary["types"] == [
            "RUN_STARTED",
            "STATE_SNAPSHOT",
            "MESSAGES_SNAPSHOT",
            "CUSTOM",
            "RUN_FINISHED",
        ]
        assert reopened.summary["snapshotMessages"] == said
        assert [m["role"] for m in said] == ["user", "assistant"]
        assert said[0]["content"] == REQUEST
        assert reopened.summary["messages"] == said
        assert reopened.summary["onInterrupt"] == first.summary["onInterrupt"]
        assert outbox_rows(engine, thread) == [("refund", "pending_approval")]

        approved = run_client(node, server.url, key, thread, "resume", "--decision", "approve")

        assert approved.returncode == 0, approved.stderr
        assert approved.summary["onInterrupt"] is None
        assert outbox_rows(engine, thread) == [("refund", "recorded")]
        assert refund_count(engine, ORDER) == 1

        later = run_client(node, server.url, key, thread, "reopen")

    assert later.summary["types"] == [
        "RUN_STARTED",
        "STATE_SNAPSHOT",
        "MESSAGES_SNAPSHOT",
        "RUN_FINISHED",
    ]
    assert "process_refund (support): done" in later.summary["messages"][-1]["content"]
    assert refund_count(engine, ORDER) == 1
    assert run_kinds(engine, thread) == [
        ("run", "interrupted"),
        ("reopen", "interrupted"),
        ("resume", "done"),
        ("reopen", "done"),
    ]
