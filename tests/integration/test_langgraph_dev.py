"""`langgraph dev` serves langgraph.json's graph; the SDK runs it, streams it, reads its state.

The server runs as a process from the repository root on a free loopback port, against a
demo database seeded by the `switchboard` console script in a temporary folder, with the
offline model. Nothing may leave the machine: no browser, no tunnel, the CLI's analytics
and the server's version check turned off, LangSmith tracing off.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("langgraph_api", reason="needs the dev dependency langgraph-cli[inmem]")
from langgraph_sdk import get_sync_client

from bench.langgraph_dev_folder import isolated_config

REPO = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 60.0
REQUEST = "Run the daily operations check"
OFFLINE_ENV = {
    "LANGGRAPH_CLI_NO_ANALYTICS": "1",  # langgraph_cli.analytics: no usage ping
    "LANGGRAPH_NO_VERSION_CHECK": "true",  # langgraph_api.cli: no PyPI version lookup
    "LANGSMITH_TRACING": "false",
    "LANGCHAIN_TRACING_V2": "false",
    "SWITCHBOARD_MODEL": "offline",
    "SWITCHBOARD_TENANT": "demo",
}


def _script(name: str) -> str:
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.fail(f"the `{name}` script is not installed beside {sys.executable}; run make setup")
    return str(path)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(data_dir: Path) -> dict[str, str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SWITCHBOARD_", "LANGSMITH_", "LANGCHAIN_", "LANGGRAPH_"))
    }
    return {
        **keep,
        **OFFLINE_ENV,
        "SWITCHBOARD_DATA_DIR": str(data_dir),
        "SWITCHBOARD_DATABASE_URL": f"sqlite:///{data_dir / 'switchboard.db'}",
    }


def _tail(log: Path, lines: int = 40) -> str:
    text = log.read_text(errors="replace") if log.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def _wait_ready(url: str, server: subprocess.Popen[bytes], log: Path, path: str = "/ok") -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited with {server.returncode}:\n{_tail(log)}")
        try:
            if httpx.get(f"{url}{path}", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail(f"the server did not answer {path} within {READY_TIMEOUT:.0f} s:\n{_tail(log)}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server's whole process group: SIGTERM, then SIGKILL after 10 s."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


@pytest.fixture
def dev_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A seeded demo database and `langgraph dev` serving it; yields (url, log path)."""
    env = _server_env(tmp_path)
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
    port = _free_port()
    log = tmp_path / "langgraph-dev.log"
    command = [
        _script("langgraph"),
        "dev",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-browser",
        "--no-reload",
        "--config",
        str(isolated_config(tmp_path)),
    ]
    with log.open("wb") as out:
        server = subprocess.Popen(
            command,
            cwd=tmp_path,  # its .langgraph_api/ state, not the repository's
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed as one
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, server, log)
        yield url, log
    finally:
        _stop(server)


def test_sdk_creates_a_thread_streams_a_run_and_reads_its_state(
    dev_server: tuple[str, Path],
) -> None:
    url, log = dev_server
    client = get_sync_client(url=url, timeout=120)

    thread = client.threads.create()
    request: dict[str, Any] = {"messages": [{"role": "human", "content": REQUEST}]}
    parts = list(
        client.runs.stream(
            thread["thread_id"],
            "switchboard",
            input=request,
            context={"tenant_id": "demo"},
            stream_mode=["updates"],
        )
    )

    errors = [p.data for p in parts if p.event == "error"]
    assert not errors, f"{errors}\n{_tail(log)}"
    updates = [p.data for p in parts if p.event == "updates"]
    nodes = [node for update in updates for node in update]
    assert nodes[:2] == ["route", "plan"]
    assert "operations" in nodes
    route = next(u["route"]["route"] for u in updates if "route" in u)
    assert route["agents"] == ["operations"]
    assert route["llm_calls"] == 0
    [result] = next(u["operations"]["results"] for u in updates if "operations" in u).values()
    assert result["playbook"] == "daily_operations"
    assert result["status"] == "done"

    state = client.threads.get_state(thread["thread_id"])
    values = state["values"]
    assert isinstance(values, dict)
    assert values["route"]["agents"] == ["operations"]
    assert values["answer"].strip()
    assert values["messages"][0]["content"] == REQUEST
