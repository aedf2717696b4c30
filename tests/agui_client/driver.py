"""Run the real AG-UI client (``run.mjs``) against a real ``switchboard serve`` process.

``npm ci`` runs once and only when ``node_modules`` does not match the lockfile. Without
Node the tests skip with instructions (and fail when services are required, as in CI).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select

from adapters.checkpoints import open_checkpointer
from domain.api_keys import create_key
from domain.db import session_factory, transaction
from domain.models import Order, OutboxMessage, Refund, RunRecord
from domain.roles import Role
from switchboard.settings import Settings
from tests.process_helpers import CliProcess, Processes, wait_until

CLIENT_DIR = Path(__file__).parent
COPILOTKIT_DIR = CLIENT_DIR.parent / "copilotkit_runtime"


def _require(message: str) -> None:
    if Settings().test_require_services:
        pytest.fail(message)
    pytest.skip(message)


def _installed_matches_lockfile(folder: Path) -> bool:
    installed = folder / "node_modules" / ".package-lock.json"
    if not installed.exists():
        return False
    wanted = json.loads((folder / "package-lock.json").read_text())["packages"]
    have = json.loads(installed.read_text())["packages"]
    return all(
        have.get(path, {}).get("version") == entry.get("version")
        for path, entry in wanted.items()
        if path
    )


def node_client(folder: Path = CLIENT_DIR) -> str:
    """The ``node`` executable, with ``folder``'s packages installed (``npm ci`` if needed)."""
    install = f"npm --prefix tests/{folder.name} ci"
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        _require(f"Node.js 20+ and npm are needed for the AG-UI client tests; run `{install}`")
    assert node is not None and npm is not None
    if not _installed_matches_lockfile(folder):
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            _require(f"`{install}` failed: {done.stderr.strip()[-800:]}")
    return node


@dataclass(frozen=True)
class ClientRun:
    """What the client printed: every event line and the final summary."""

    events: list[dict[str, Any]]
    summary: dict[str, Any]
    returncode: int
    stderr: str

    def times(self, event_type: str) -> list[float]:
        """Arrival times (ms since the client started) of every event of that type."""
        return [e["t"] for e in self.events if e["type"] == event_type]


def run_client(
    node: str, url: str, key: str, thread: str, mode: str, *extra: str, timeout: float = 60
) -> ClientRun:
    """Run ``run.mjs`` once and parse its output."""
    argv = [node, str(CLIENT_DIR / "run.mjs"), "--url", f"{url}/agui", "--key", key]
    argv += ["--thread", thread, "--mode", mode, *extra]
    done = subprocess.run(
        argv, capture_output=True, text=True, timeout=timeout, check=False, cwd=CLIENT_DIR
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    summaries = [line["summary"] for line in lines if "summary" in line]
    assert summaries, f"the client printed no summary; stderr: {done.stderr[-2000:]}"
    events = [line for line in lines if "summary" not in line]
    return ClientRun(events, summaries[0], done.returncode, done.stderr)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    return free_ports(1)[0]


def free_ports(count: int) -> list[int]:
    """``count`` different TCP ports on 127.0.0.1 that nothing listens on right now."""
    with ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in socks:  # bound together, so the kernel hands out different ports
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in socks]


@dataclass
class Server:
    """A running ``switchboard serve`` process and its base URL."""

    process: CliProcess
    url: str


def start_server(procs: Processes, env: dict[str, str], port: int | None = None) -> Server:
    """Start ``switchboard serve`` and wait until it answers /health/ready."""
    return start_servers(procs, env, [port or free_port()])[0]


def start_servers(procs: Processes, env: dict[str, str], ports: list[int]) -> list[Server]:
    """Start a ``switchboard serve`` on each port at once, then wait until all answer.

    Their start-ups (imports, graph compilation) overlap on a machine with cores to spare.
    """
    servers = [
        Server(
            procs.start(env, "serve", "--host", "127.0.0.1", "--port", str(port)),
            f"http://127.0.0.1:{port}",
        )
        for port in ports
    ]
    # One client for every poll: a bare httpx.get builds an SSL context each time (about
    # 20 ms of CPU, taken from the starting servers ten times a second).
    with httpx.Client(timeout=1) as client:

        def ready(server: Server) -> bool:
            if not server.process.alive():
                log = server.process.err_path.read_text()[-2000:]
                pytest.fail(f"the server exited: {log}")
            try:
                return client.get(f"{server.url}/health/ready").status_code == 200
            except httpx.HTTPError:
                return False

        for server in servers:
            wait_until(lambda s=server: ready(s), timeout=60, interval=0.1)
    return servers


@contextmanager
def serving(procs: Processes, env: dict[str, str]) -> Iterator[Server]:
    """A server for the block; killed at the end."""
    server = start_server(procs, env)
    try:
        yield server
    finally:
        server.process.kill9()


def pending_interrupt_ids(settings: Settings, thread: str) -> list[str]:
    """Ids of the interrupts the thread waits on, read from its checkpoint."""
    with open_checkpointer(settings) as saver:
        saved = saver.get_tuple({"configurable": {"thread_id": thread, "checkpoint_ns": ""}})
    writes = saved.pending_writes if saved is not None and saved.pending_writes else []
    return [
        interrupt.id
        for _task, channel, value in writes
        if channel == "__interrupt__"
        for interrupt in value
    ]


def new_key(engine: Engine, tenant: str) -> str:
    """A fresh API key for ``tenant`` (created if missing)."""
    with transaction(session_factory(engine)) as session:
        _, plaintext = create_key(session, tenant, "agui-test", role=Role.ADMIN)
    return plaintext


def outbox_rows(engine: Engine, thread: str) -> list[tuple[str, str]]:
    """(kind, status) of the outbox rows of the thread's actions, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(OutboxMessage.kind, OutboxMessage.status)
            .where(OutboxMessage.idempotency_key.like(f"{thread}:%"))
            .order_by(OutboxMessage.id)
        )
        return [(r[0], str(r[1])) for r in rows]


def refund_count(engine: Engine, order_number: str) -> int:
    """How many refunds the order has."""
    with engine.connect() as conn:
        query = (
            select(func.count())
            .select_from(Refund)
            .join(Order, Order.id == Refund.order_id)
            .where(Order.number == order_number)
        )
        return int(conn.execute(query).scalar_one())


def run_records(engine: Engine, thread: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, status, input) of the thread's run records, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(RunRecord.kind, RunRecord.status, RunRecord.input)
            .where(RunRecord.thread_id == thread)
            .order_by(RunRecord.started_at, RunRecord.id)
        )
        return [(r[0], r[1], r[2]) for r in rows]


def unrefunded_order(engine: Engine, *, like: str, below: float = 500) -> str:
    """A paid order of the same event as order ``like``, under ``below``, never refunded.

    Tests that share a database each refund their own order.
    """
    with engine.connect() as conn:
        event_id = conn.execute(select(Order.event_id).where(Order.number == like)).scalar_one()
        refunded = select(Refund.order_id)
        number = conn.execute(
            select(Order.number)
            .where(
                Order.event_id == event_id,
                Order.status == "paid",
                Order.amount < below,
                Order.number != like,
                Order.id.not_in(refunded),
            )
            .order_by(Order.number)
            .limit(1)
        ).scalar_one()
        return str(number)
