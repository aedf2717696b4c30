"""Exactly-once approvals with real processes on Postgres: kill -9, double and racing resumes.

Business data and checkpoints share one scratch Postgres database per test, copied from
the session's migrated and seeded demo database (``postgres_url``; the CLI's own
``db upgrade`` and ``seed`` are tested on their own). Every step is a separate
``switchboard`` process; the test watches the database and kills processes
with SIGKILL at the moments that matter.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from domain import approvals
from domain.approvals import Decision
from domain.db import make_engine
from domain.demo import anchors
from domain.models import Approval, AuditEvent, Order, OutboxMessage, Refund, RunRecord
from domain.scope import Scope
from tests.process_helpers import (
    Finished,
    Processes,
    cli_env,
    cli_processes,
    wait_until,
)

pytestmark = pytest.mark.postgres

ORDER = anchors.ORDER_BELOW_REFUND_THRESHOLD
REQUEST = f"Hi, I want a refund for order {ORDER}, I can't come anymore"
NOTHING_WAITING = "thread {} has no action waiting for approval\n"
STEP_TIMEOUT = 60.0
SNAPSHOT = date(2026, 9, 1)


@pytest.fixture
def db_url(postgres_url: str) -> str:
    """A private copy of the session's seeded demo database for one test (conftest)."""
    return postgres_url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """The test's own view of the database, watched while the processes run."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def procs(tmp_path: Path) -> Iterator[Processes]:
    with cli_processes(tmp_path) as processes:
        yield processes


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    return cli_env(db_url, tmp_path)


# --- what the database says -------------------------------------------------------------


def pending_approval(engine: Engine, thread: str) -> Approval | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.scalars(
            select(Approval).where(Approval.thread_id == thread, Approval.status == "pending")
        ).first()


def interrupt_saved(engine: Engine, thread: str) -> bool:
    """The run's interrupt is in the checkpointer (the run now waits for a human)."""
    query = text(
        "select count(*) from checkpoint_writes where thread_id = :t and channel = '__interrupt__'"
    )
    with engine.connect() as conn:
        return bool(conn.execute(query, {"t": thread}).scalar())


def outbox_rows(engine: Engine, thread: str) -> list[tuple[str, str]]:
    """(idempotency key, status) of the thread's outbox rows."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(OutboxMessage.idempotency_key, OutboxMessage.status)
            .where(OutboxMessage.idempotency_key.like(f"{thread}:%"))
            .order_by(OutboxMessage.id)
        )
        return [(r[0], r[1]) for r in rows]


def refunds_of_order(engine: Engine) -> list[float]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(Refund.amount)
            .join(Order, Order.id == Refund.order_id)
            .where(Order.number == ORDER)
            .order_by(Refund.id)
        )
        return [float(r[0]) for r in rows]


def audit_events(engine: Engine, thread: str) -> list[tuple[str, dict[str, Any]]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(AuditEvent.event, AuditEvent.detail)
            .where(AuditEvent.thread_id == thread)
            .order_by(AuditEvent.id)
        )
        return [(r[0], r[1]) for r in rows]


# --- steps ------------------------------------------------------------------------------


def run_to_interrupt(procs: Processes, env: dict[str, str], thread: str) -> str:
    """``run`` the refund request; returns the one waiting action id."""
    done = procs.run(env, "run", REQUEST, "--thread", thread, "--json", timeout=STEP_TIMEOUT)
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome["status"] == "interrupted"
    [interrupt] = outcome["interrupts"]
    [request] = interrupt["action_requests"]
    assert request["name"] == "process_refund"
    assert request["args"]["order_number"] == ORDER
    assert request["args"]["amount"] == 349.0
    [action_id] = interrupt["action_ids"]
    return str(action_id)


def approve(procs: Processes, env: dict[str, str], thread: str) -> Finished:
    return procs.run(env, "resume", thread, "--decision", "approve", "--json", timeout=STEP_TIMEOUT)


def assert_done(finished: Finished, thread: str) -> dict[str, Any]:
    assert finished.returncode == 0, finished.stderr
    outcome: dict[str, Any] = json.loads(finished.stdout)
    assert outcome["thread_id"] == thread
    assert outcome["status"] == "done"
    assert outcome["interrupts"] == []
    assert "- process_refund (support): done" in outcome["answer"]
    return outcome


def assert_sent_once(engine: Engine, thread: str, action_id: str) -> None:
    assert outbox_rows(engine, thread) == [(f"{thread}:{action_id}", "recorded")]
    assert refunds_of_order(engine) == [349.0]
    with engine.connect() as conn:
        status = conn.execute(select(Order.status).where(Order.number == ORDER)).scalar()
    assert status == "refunded"


# --- the scenarios ----------------------------------------------------------------------


def test_kill_9_while_waiting_then_a_new_process_approves(
    procs: Processes, env: dict[str, str], engine: Engine
) -> None:
    thread = "crash-waiting"
    run = procs.start(env, "run", REQUEST, "--thread", thread, "--json")

    row = wait_until(lambda: pending_approval(engine, thread), timeout=STEP_TIMEOUT)
    wait_until(lambda: interrupt_saved(engine, thread), timeout=STEP_TIMEOUT)
    run.kill9()  # if it is still alive: the waiting run dies with its interrupt saved
    assert run.wait(5).returncode in (0, -9)
    assert row.tool == "process_refund"
    assert row.args["amount"] == 349.0
    assert outbox_rows(engine, thread) == [(f"{thread}:{row.action_id}", "pending_approval")]
    assert refunds_of_order(engine) == []

    assert_done(approve(procs, env, thread), thread)

    assert_sent_once(engine, thread, row.action_id)
    events = [event for event, _ in audit_events(engine, thread)]
    assert events == ["requested", "approved", "executed"]


def test_kill_9_right_after_the_send_does_not_send_again(
    procs: Processes, env: dict[str, str], engine: Engine, tmp_path: Path
) -> None:
    thread = "crash-after-send"
    action_id = run_to_interrupt(procs, env, thread)
    paused = cli_env(
        env["SWITCHBOARD_DATABASE_URL"], tmp_path, test_pause_after_action_seconds="30"
    )
    resumer = procs.start(paused, "resume", thread, "--decision", "approve", "--json")

    def sent() -> bool:
        return outbox_rows(engine, thread) == [(f"{thread}:{action_id}", "recorded")]

    wait_until(sent, timeout=STEP_TIMEOUT)
    assert resumer.kill9(), "the resumer should still be in its 30 s pause after the send"
    assert refunds_of_order(engine) == [349.0]

    assert_done(approve(procs, env, thread), thread)

    assert_sent_once(engine, thread, action_id)
    events = audit_events(engine, thread)
    assert [e for e, _ in events] == ["requested", "approved", "executed", "executed"]
    first, second = (detail for event, detail in events if event == "executed")
    assert first["duplicate"] is False
    assert second["duplicate"] is True  # the replayed step found the outbox row


def test_decision_recorded_but_never_sent_is_carried_out_once(
    procs: Processes, env: dict[str, str], engine: Engine
) -> None:
    """A resumer killed between its decision and the send left exactly this state behind.

    Whatever reaches the thread next recovers it first (``switchboard.recovery``): here a
    conflicting decision, which is refused while the recorded one is carried out.
    """
    thread = "crash-before-send"
    action_id = run_to_interrupt(procs, env, thread)
    with Session(engine) as session, session.begin():
        scope = Scope(session, anchors.TENANT_ID, SNAPSHOT, actor="crashed-resumer")
        row = approvals.get(scope, thread, action_id)
        assert row is not None
        approvals.decide(scope, row.id, Decision(type="approve"))
    assert outbox_rows(engine, thread) == [(f"{thread}:{action_id}", "pending_approval")]

    changed_mind = procs.run(
        env, "resume", thread, "--decision", "reject", "--message", "no", timeout=STEP_TIMEOUT
    )
    assert changed_mind.returncode == 3
    assert changed_mind.stderr.startswith(
        f"conflict: action {action_id} was already decided: approve by crashed-resumer at "
    )
    assert "; recovery run " in changed_mind.stderr
    assert changed_mind.stderr.endswith(" carried it out\n")
    assert_sent_once(engine, thread, action_id)

    again = approve(procs, env, thread)  # nothing is left to do, and nothing is repeated

    assert again.returncode == 1
    assert again.stderr.endswith(NOTHING_WAITING.format(thread))
    assert_sent_once(engine, thread, action_id)
    events = [event for event, _ in audit_events(engine, thread)]
    assert events == ["requested", "approved", "executed"]
    with engine.connect() as conn:
        kinds = conn.execute(
            select(RunRecord.kind, RunRecord.status, RunRecord.actor)
            .where(RunRecord.thread_id == thread)
            .order_by(RunRecord.started_at)
        ).all()
    assert [tuple(k) for k in kinds] == [
        ("run", "interrupted", "cli"),
        ("recover", "done", "recovery"),
    ]


def test_double_resume_sends_once(procs: Processes, env: dict[str, str], engine: Engine) -> None:
    thread = "double-resume"
    action_id = run_to_interrupt(procs, env, thread)

    assert_done(approve(procs, env, thread), thread)
    again = approve(procs, env, thread)

    assert again.returncode == 1
    assert again.stderr == NOTHING_WAITING.format(thread)
    assert again.stdout == ""
    assert_sent_once(engine, thread, action_id)


@pytest.mark.parametrize(
    ("pause", "losing_codes"),
    [
        # The winner holds the thread's lock through a 2 s pause: the loser must conflict.
        pytest.param("2", {3}, id="winner-holds-the-lock"),
        # No pause: the loser conflicts, or finds nothing waiting if it came after.
        pytest.param("0", {1, 3}, id="free-race"),
    ],
)
def test_two_concurrent_approvals_send_once(
    procs: Processes,
    engine: Engine,
    db_url: str,
    tmp_path: Path,
    pause: str,
    losing_codes: set[int],
) -> None:
    thread = f"race-{pause}"
    env = cli_env(db_url, tmp_path, test_pause_after_action_seconds=pause)
    action_id = run_to_interrupt(procs, env, thread)

    racers = [procs.start(env, "resume", thread, "--decision", "approve", "--json") for _ in "ab"]
    results = [r.wait(STEP_TIMEOUT) for r in racers]

    winners = [r for r in results if r.returncode == 0]
    losers = [r for r in results if r.returncode != 0]
    assert len(winners) == 1, [(r.returncode, r.stderr) for r in results]
    assert_done(winners[0], thread)
    [loser] = losers
    assert loser.returncode in losing_codes, loser.stderr
    assert loser.stdout == ""
    if loser.returncode == 3:
        assert loser.stderr == (f"conflict: thread {thread} is busy in another process\n")
    else:
        assert loser.stderr == NOTHING_WAITING.format(thread)
    assert_sent_once(engine, thread, action_id)
    with engine.connect() as conn:
        decided = conn.execute(
            select(func.count()).where(Approval.thread_id == thread, Approval.status == "approved")
        ).scalar()
    assert decided == 1
    events = [event for event, _ in audit_events(engine, thread)]
    assert events == ["requested", "approved", "executed"]
