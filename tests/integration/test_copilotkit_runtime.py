"""CopilotKit's own stack against ``switchboard serve``: the setup a new user builds.

``tests/copilotkit_runtime/run.mjs`` starts a Node ``CopilotRuntime`` (@copilotkit/runtime
1.75, v1 node-http endpoint) with a ``LangGraphHttpAgent`` pointed at ``POST /agui``, and
talks to it with ``CopilotKitCore`` (@copilotkit/core 1.74, what react-core 1.74 runs in
the page): a chat message, the approval interrupt, and the Approve click resumed the way
react-core's ``useLangGraphInterrupt`` does it, with the interrupted run's id and
``forwardedProps.command = {resume, interruptEvent}``, clicked twice. The refund exists
exactly once.
"""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from domain.db import make_engine
from domain.demo import anchors
from tests.agui_client.driver import (
    COPILOTKIT_DIR,
    Server,
    new_key,
    node_client,
    outbox_rows,
    refund_count,
    run_records,
    serving,
)
from tests.process_helpers import cli_env, cli_processes

BELOW = anchors.ORDER_BELOW_REFUND_THRESHOLD


@dataclass
class Served:
    engine: Engine
    key: str
    server: Server


@pytest.fixture(scope="module")
def node() -> str:
    return node_client(COPILOTKIT_DIR)


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, demo_sqlite_template: Path, node: str
) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("copilotkit")
    target = folder / "demo.db"
    target.write_bytes(demo_sqlite_template.read_bytes())
    url = f"sqlite:///{target}"
    engine = make_engine(url)
    try:
        with cli_processes(folder) as procs, serving(procs, cli_env(url, folder)) as server:
            yield Served(engine, new_key(engine, anchors.TENANT_ID), server)
    finally:
        engine.dispose()


def run_copilotkit(node: str, served: Served, thread: str, message: str) -> dict[str, Any]:
    script = str(COPILOTKIT_DIR / "run.mjs")
    argv = [node, script, "--url", served.server.url, "--key", served.key, "--thread", thread]
    done = subprocess.run(
        [*argv, "--message", message, "--resume-twice"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=COPILOTKIT_DIR,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith('{"summary"')]
    assert lines, f"no summary (exit {done.returncode}); stderr: {done.stderr[-2000:]}"
    summary: dict[str, Any] = lines[0]["summary"]
    summary["returncode"] = done.returncode
    return summary


def test_copilotkit_runtime_chat_interrupt_and_approve_refunds_once(
    node: str, served: Served
) -> None:
    thread = f"ck-{uuid.uuid4().hex[:12]}"

    summary = run_copilotkit(
        node, served, thread, f"Hi, I want a refund for order {BELOW}, I cannot come"
    )

    assert summary["error"] is None, summary
    assert summary["returncode"] == 0
    chat, resume, again = summary["steps"]
    assert chat["types"][-2:] == ["CUSTOM", "RUN_FINISHED"]
    assert chat["actions"] == ["process_refund"]
    assert "TEXT_MESSAGE_CONTENT" in chat["types"]
    # react-core resumes with the interrupted run's own id, and the runtime passes it on.
    assert resume["sentRunId"] == again["sentRunId"] == chat["runId"]
    for step in (resume, again):
        assert step["types"][-1] == "RUN_FINISHED"
        assert step["runErrors"] == []
        assert step["onInterrupt"] is None
    assert "process_refund (support): done" in summary["lastAssistant"]
    assert refund_count(served.engine, BELOW) == 1
    assert outbox_rows(served.engine, thread) == [("refund", "recorded")]
    assert [(kind, status) for kind, status, _ in run_records(served.engine, thread)] == [
        ("run", "interrupted"),
        ("resume", "done"),
        ("resume", "done"),
    ]
