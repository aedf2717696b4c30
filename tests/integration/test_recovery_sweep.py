"""The periodic recovery sweep finishes a killed run's approved actions, once.

A real ``switchboard serve`` on Postgres gets a $1,250 refund approved and is killed
(``kill -9``) at ``before_execute``: the decision is recorded, no action ran. Then two
fresh servers start at once with no start-up sweep and a one-second periodic one, and
nothing touches the thread: their timer must finish it, the refund and the escalation
each exactly once, with one recovery run, swept by one of the two servers.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy import Engine, func, select

from adapters.thread_locks import SWEEP_LOCK_KEY, sweep_claim
from domain.demo import anchors
from domain.models import Approval, OutboxMessage, RunRecord
from tests.agui_client.driver import new_key, refund_count, start_server
from tests.integration.test_recovery_crash_matrix import (
    TIMEOUT,
    Case,
    api,
    paused_threads,
    refundable_orders,
    run_to_interrupt,
)
from tests.process_helpers import cli_env, cli_processes, wait_until

pytestmark = pytest.mark.postgres


def test_a_sweeper_claim_held_elsewhere_makes_this_round_skip(engine: Engine) -> None:
    plain = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as other:  # another server's sweeper
        other.execute("select pg_advisory_lock(hashtext(%s))", (SWEEP_LOCK_KEY,))
        with sweep_claim(engine) as mine:
            assert mine is False
        other.execute("select pg_advisory_unlock(hashtext(%s))", (SWEEP_LOCK_KEY,))
    with sweep_claim(engine) as mine:
        assert mine is True
        with sweep_claim(engine) as again:  # a second sweeper of this process
            assert again is False
    with sweep_claim(engine) as mine:  # released
        assert mine is True


def recovered(engine: Engine, thread: str) -> tuple[int, int, int, int]:
    """(recorded outbox rows, executed approvals, recovery runs, runs still running)."""
    with engine.connect() as conn:
        recorded = conn.execute(
            select(func.count()).where(
                OutboxMessage.idempotency_key.like(f"{thread}:%"),
                OutboxMessage.status == "recorded",
            )
        ).scalar()
        executed = conn.execute(
            select(func.count()).where(
                Approval.thread_id == thread, Approval.executed_at.is_not(None)
            )
        ).scalar()
        recover_runs = conn.execute(
            select(func.count()).where(RunRecord.thread_id == thread, RunRecord.kind == "recover")
        ).scalar()
        running = conn.execute(
            select(func.count()).where(RunRecord.thread_id == thread, RunRecord.status == "running")
        ).scalar()
    return int(recorded or 0), int(executed or 0), int(recover_runs or 0), int(running or 0)


def test_two_periodic_sweepers_finish_a_killed_approval_exactly_once(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    key = new_key(engine, anchors.TENANT_ID)
    [order] = refundable_orders(engine, 1)
    case = Case("before_execute", "sweep", order)
    quiet = cli_env(
        database_url, tmp_path, recover_on_startup="false", recovery_sweep_interval_seconds="0"
    )
    with cli_processes(tmp_path) as procs:
        doomed = start_server(
            procs,
            {
                **quiet,
                "SWITCHBOARD_TEST_PAUSE_AT": "before_execute",
                "SWITCHBOARD_TEST_PAUSE_SECONDS": "60",
            },
        )
        with api(doomed, key) as client:
            run_to_interrupt(client, case)

        def approve() -> None:
            body = {"ids": case.approval_ids, "decision": "approve"}
            with api(doomed, key) as client, pytest.raises(httpx.TransportError):
                client.post("/approvals/bulk", json=body)  # the server dies answering

        caller = threading.Thread(target=approve, daemon=True)
        caller.start()
        wait_until(lambda: case.thread in paused_threads(doomed, "before_execute"), timeout=TIMEOUT)
        assert doomed.process.kill9()
        caller.join(timeout=10)
        assert recovered(engine, case.thread) == (0, 0, 0, 1)  # approved, nothing ran

        sweeping = {**quiet, "SWITCHBOARD_RECOVERY_SWEEP_INTERVAL_SECONDS": "1"}
        with ThreadPoolExecutor(2) as pool:  # both start at once; no request reaches them
            servers = list(pool.map(lambda _: start_server(procs, sweeping), range(2)))

        wait_until(lambda: recovered(engine, case.thread)[0] == 2, timeout=TIMEOUT, interval=0.2)
        wait_until(lambda: recovered(engine, case.thread)[3] == 0, timeout=TIMEOUT, interval=0.2)
        threading.Event().wait(3)  # a few more rounds of both timers: nothing happens again
        for server in servers:
            assert server.process.kill9()

    assert refund_count(engine, order) == 1
    assert recovered(engine, case.thread) == (2, 2, 1, 0)
    marker = f"recovered thread {case.thread}"
    sweepers = [s for s in servers if marker in s.process.err_path.read_text()]
    assert len(sweepers) == 1, [s.process.err_path.read_text()[-1500:] for s in servers]
