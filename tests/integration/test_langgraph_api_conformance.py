"""LangGraph's server API: the real SDKs get the same answers from `switchboard serve`
(on Postgres, with its tenants, approvals and locks) as from `langgraph dev`.

Both servers start once for the module, as processes on free loopback ports, from the
same graph and the offline model; `langgraph dev` runs in memory from langgraph.json
with nothing leaving the machine (``tests.integration.test_langgraph_dev``). The one
scenario (``tests/langgraph_sdk``) runs with the Python SDK and with the JS SDK against
each, and the records must agree call by call.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from bench.langgraph_dev_folder import isolated_config
from domain.demo import anchors
from switchboard.settings import Settings
from tests.api_helpers import TENANT_A, make_keys
from tests.integration.test_langgraph_dev import (
    REPO,
    _free_port,
    _script,
    _server_env,
    _stop,
    _wait_ready,
)
from tests.langgraph_sdk.scenario import scenario
from tests.process_helpers import cli_env, cloned_database

pytest.importorskip("langgraph_api", reason="needs the dev dependency langgraph-cli[inmem]")
pytestmark = pytest.mark.postgres

JS_CLIENT = REPO / "tests" / "langgraph_sdk"
PREFIX = "/langgraph"


def _start(
    command: list[str], env: dict[str, str], log: Path, cwd: Path = REPO
) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@pytest.fixture(scope="module")
def dev_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`langgraph dev` on a seeded demo database."""
    data = tmp_path_factory.mktemp("langgraph-dev")
    env = _server_env(data)
    seeded = subprocess.run(
        [_script("switchboard"), "seed", "--demo", "--as-of", "2026-09-01"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert seeded.returncode == 0, seeded.stderr
    port, log = _free_port(), data / "server.log"
    command = [_script("langgraph"), "dev", "--host", "127.0.0.1", "--port", str(port)]
    config = ["--config", str(isolated_config(data))]
    # its own working folder: langgraph dev keeps its state in .langgraph_api/ there
    server = _start([*command, "--no-browser", "--no-reload", *config], env, log, cwd=data)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, server, log)
        yield url
    finally:
        _stop(server)


@pytest.fixture(scope="module")
def serve_url(
    postgres_engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """`switchboard serve` on a copy of the Postgres demo database; (base URL, API key)."""
    from adapters.checkpoints import setup_checkpointer

    data = tmp_path_factory.mktemp("switchboard-serve")
    postgres_engine.dispose()
    with cloned_database(postgres_engine.url.render_as_string(hide_password=False)) as db:
        setup_checkpointer(Settings(checkpoint_url=db))
        key = make_keys(db)[TENANT_A]
        env = cli_env(db, data, model="offline")
        port, log = _free_port(), data / "server.log"
        command = [_script("switchboard"), "serve", "--host", "127.0.0.1", "--port", str(port)]
        server = _start(command, env, log)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(url, server, log, path="/health/live")
            yield url + PREFIX, key
        finally:
            _stop(server)


def _agree(theirs: list[tuple[str, Any]], ours: list[tuple[str, Any]]) -> None:
    assert [s for s, _ in ours] == [s for s, _ in theirs]
    differ = [
        f"{step}:\n  langgraph dev:     {a}\n  switchboard serve: {b}"
        for (step, a), (_, b) in zip(theirs, ours, strict=True)
        if a != b
    ]
    assert not differ, "\n".join(differ)


def test_python_sdk_gets_the_same_answers(dev_url: str, serve_url: tuple[str, str]) -> None:
    order = anchors.ORDER_BELOW_REFUND_THRESHOLD
    theirs = scenario(dev_url, None, order)
    ours = scenario(serve_url[0], serve_url[1], order)
    _agree(theirs, ours)
    # The records hold what the scenario checks; the interrupt is the approval's.
    assert dict(ours)["runs.stream(interrupt).actions"] == [["process_refund"]]
    assert dict(ours)["multitask(reject)"] == 409
    # A thread's cron is bound to it; a deleted cron is gone (both servers agree).
    assert dict(ours)["crons.create_for_thread"]["thread"] is True
    assert dict(ours)["crons.count(thread)"] == 1
    assert dict(ours)["crons.update"]["enabled"] is False
    assert dict(ours)["crons.delete(again)"] == 404


def test_js_sdk_gets_the_same_answers(dev_url: str, serve_url: tuple[str, str]) -> None:
    order = anchors.ORDER_ABOVE_REFUND_THRESHOLD

    def run(url: str, key: str | None) -> list[tuple[str, Any]]:
        done = subprocess.run(
            ["node", str(JS_CLIENT / "scenario.mjs"), url, order, key or ""],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return [(step, summary) for step, summary in json.loads(done.stdout)]

    if not (JS_CLIENT / "node_modules" / "@langchain" / "langgraph-sdk").exists():
        pytest.fail(f"run `npm --prefix {JS_CLIENT} ci` first (see .ci/run)")
    _agree(run(dev_url, None), run(*serve_url))
