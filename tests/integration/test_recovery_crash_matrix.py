"""Crash matrix: every kill point between a decision and its actions, crossed with what
arrives first after the restart. Real ``switchboard serve`` processes on Postgres.

Each case is one thread asking for a $1,250 refund of its own order, which proposes two
actions that need approval (``process_refund`` and ``escalate_to_human``). A server
started with ``SWITCHBOARD_TEST_PAUSE_AT=<point>`` gets the approval, pauses at that
point (it says so on stderr) and is killed with SIGKILL:

- ``decided``: the decisions are recorded, the graph was never resumed;
- ``before_execute``: the approval step is checkpointed, no action ran;
- ``after_execute``: an action committed, its step was not checkpointed;
- ``between_actions``: the refund ran, the escalation had not.

Then, first to reach the thread: a new message (REST run, REST stream, AG-UI reopen), a
decision again (approve, bulk approve, a conflicting reject, CLI ``resume``), or the
next server's start-up sweep. Every action must happen exactly once (refund rows and
outbox rows counted), no run may stay ``running``, the dead process's run must say who
recovered it, and the thread must read ``recovering`` until then and ``idle`` after.

Processes are shared to keep this fast: one seeded database, one server per kill point
(three threads each, the four started at once), one server for the arrivals, one for
the sweep.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select

from domain.demo import anchors
from domain.models import Approval, Order, OutboxMessage, Refund, RunRecord
from tests.agui_client.driver import Server, new_key, start_server
from tests.process_helpers import Processes, cli_env, cli_processes, wait_until

pytestmark = pytest.mark.postgres

KILL_POINTS = ["decided", "before_execute", "after_execute", "between_actions"]
ARRIVALS = ["message", "decision", "sweep"]
MESSAGE_VIA = {
    "decided": "rest-run",
    "before_execute": "agui-reopen",
    "after_execute": "rest-stream",
    "between_actions": "rest-run",
}
DECISION_VIA = {
    "decided": "rest-approve",
    "before_execute": "rest-bulk",
    "after_execute": "rest-reject",
    "between_actions": "cli-resume",
}
FOLLOW_UP = "Which sponsors have not paid their invoices?"
TIMEOUT = 90.0


@dataclass
class Case:
    """One thread of the matrix."""

    kill_point: str
    arrival: str
    order: str
    thread: str = field(init=False)
    via: str = ""
    approval_ids: list[int] = field(default_factory=list)
    killed_run: str | None = None
    seen_recovering: bool = False
    answer: str = ""

    def __post_init__(self) -> None:
        self.thread = f"mx-{self.kill_point[:6]}-{self.arrival}-{uuid.uuid4().hex[:6]}"


def refundable_orders(engine: Engine, count: int) -> list[str]:
    """Paid $1,250 orders (above the $500 refund limit), one per case."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Order.number)
            .where(
                Order.tenant_id == anchors.TENANT_ID,
                Order.amount == anchors.ORDER_ABOVE_REFUND_AMOUNT,
                Order.status == "paid",
            )
            .order_by(Order.number)
            .limit(count)
        )
        found = [str(r[0]) for r in rows]
    assert len(found) == count
    return found


def api(server: Server, key: str) -> httpx.Client:
    return httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {key}"}, timeout=TIMEOUT
    )


def run_to_interrupt(client: httpx.Client, case: Case) -> None:
    assert client.post("/threads", json={"id": case.thread}).status_code == 201
    text = f"Hi, I want a refund for order {case.order}, I can't come"
    started = client.post(f"/threads/{case.thread}/runs", json={"text": text})
    assert started.status_code == 202, started.text
    run_id = started.json()["run_id"]

    def ended() -> str | None:
        status = str(client.get(f"/runs/{run_id}").json()["status"])
        return None if status == "running" else status

    assert wait_until(ended, timeout=TIMEOUT, interval=0.2) == "interrupted"
    items = client.get("/approvals", params={"thread_id": case.thread}).json()["items"]
    assert sorted(i["tool"] for i in items) == ["escalate_to_human", "process_refund"]
    case.approval_ids = [int(i["id"]) for i in items]


def paused_threads(server: Server, point: str) -> set[str]:
    marker = f"switchboard: test pause at {point} thread="
    lines = server.process.err_path.read_text().splitlines()
    return {line.split("thread=", 1)[1] for line in lines if line.startswith(marker)}


def one_action_recorded(engine: Engine, thread: str) -> bool:
    """Exactly one of the thread's two actions is in the outbox as done."""
    with engine.connect() as conn:
        recorded = conn.execute(
            select(func.count()).where(
                OutboxMessage.idempotency_key.like(f"{thread}:%"),
                OutboxMessage.status == "recorded",
            )
        ).scalar()
    return recorded == 1


def crash_at(
    procs: Processes, env: dict[str, str], key: str, engine: Engine, point: str, cases: list[Case]
) -> None:
    """Approve every case's actions on a server paused at ``point``, then kill -9 it."""
    server = start_server(
        procs, {**env, "SWITCHBOARD_TEST_PAUSE_AT": point, "SWITCHBOARD_TEST_PAUSE_SECONDS": "60"}
    )
    with api(server, key) as client:
        for case in cases:
            run_to_interrupt(client, case)
    callers = [
        threading.Thread(target=_approve_until_killed, args=(server, key, case), daemon=True)
        for case in cases
    ]
    for caller in callers:
        caller.start()
    threads = {c.thread for c in cases}
    wait_until(lambda: threads <= paused_threads(server, point), timeout=TIMEOUT, interval=0.1)
    if point == "between_actions":  # the first action finished before the kill
        for case in cases:
            wait_until(lambda c=case: one_action_recorded(engine, c.thread), timeout=TIMEOUT)
    assert server.process.kill9()
    for caller in callers:
        caller.join(timeout=10)
    with engine.connect() as conn:
        for case in cases:
            case.killed_run = conn.execute(
                select(RunRecord.id).where(
                    RunRecord.thread_id == case.thread, RunRecord.status == "running"
                )
            ).scalar()


def _approve_until_killed(server: Server, key: str, case: Case) -> None:
    with api(server, key) as client, pytest.raises(httpx.TransportError):
        client.post("/approvals/bulk", json={"ids": case.approval_ids, "decision": "approve"})


def arrive(
    procs: Processes, env: dict[str, str], client: httpx.Client, server: Server, case: Case
) -> None:
    """What reaches the thread first after the restart, by the case's channel."""
    if case.arrival == "message":
        case.via = MESSAGE_VIA[case.kill_point]
        if case.via == "rest-run":
            started = client.post(f"/threads/{case.thread}/runs", json={"text": FOLLOW_UP})
            assert started.status_code == 202, started.text
            run_id = started.json()["run_id"]
            wait_until(
                lambda: client.get(f"/runs/{run_id}").json()["status"] != "running",
                timeout=TIMEOUT,
                interval=0.2,
            )
            assert client.get(f"/runs/{run_id}").json()["status"] == "done"
        elif case.via == "rest-stream":
            with client.stream(
                "POST", f"/threads/{case.thread}/runs/stream", json={"text": FOLLOW_UP}
            ) as response:
                assert response.status_code == 200
                body = "".join(response.iter_text())
            assert "event: end" in body and '"status":"done"' in body.replace(" ", "")
        else:  # a reloaded CopilotKit page reopens the thread: no new message
            agui = {
                "threadId": case.thread,
                "runId": uuid.uuid4().hex,
                "messages": [],
                "state": {},
                "tools": [],
                "context": [],
                "forwardedProps": {},
            }
            with client.stream("POST", "/agui", json=agui) as response:
                assert response.status_code == 200
                body = "".join(response.iter_text())
            assert "RUN_FINISHED" in body and "process_refund (support): done" in body
        return
    case.via = DECISION_VIA[case.kill_point]
    first = case.approval_ids[0]
    if case.via == "rest-approve":
        answer = client.post(f"/approvals/{first}/approve", json={})
        assert answer.status_code == 200, answer.text
        assert answer.json()["thread_status"] == "done"
    elif case.via == "rest-bulk":
        answer = client.post(
            "/approvals/bulk", json={"ids": case.approval_ids, "decision": "approve"}
        )
        assert answer.status_code == 200, answer.text
        results = answer.json()["results"]
        assert results[0]["ok"] and results[0]["thread_status"] == "done", results
    elif case.via == "rest-reject":  # the first decision stands, and is carried out
        answer = client.post(f"/approvals/{first}/reject", json={"message": "changed my mind"})
        assert answer.status_code == 409, answer.text
        assert "was already decided: approve" in answer.json()["error"]
    else:
        finished = procs.run(
            env, "resume", case.thread, "--decision", "approve", "--json", timeout=TIMEOUT
        )
        assert finished.returncode == 0, finished.stderr
        assert json.loads(finished.stdout)["status"] == "done"


def thread_status(client: httpx.Client, thread: str) -> str:
    return str(client.get(f"/threads/{thread}").json()["status"])


@dataclass
class Counted:
    refunds: int
    outbox: dict[str, int]
    executed: int
    running: int
    recover_runs: int
    killed_run_error: str | None


def count(engine: Engine, case: Case) -> Counted:
    with engine.connect() as conn:
        refunds = conn.execute(
            select(func.count())
            .select_from(Refund)
            .join(Order, Order.id == Refund.order_id)
            .where(Order.number == case.order)
        ).scalar()
        outbox: dict[str, int] = {}
        for (status,) in conn.execute(
            select(OutboxMessage.status).where(
                OutboxMessage.idempotency_key.like(f"{case.thread}:%")
            )
        ):
            outbox[str(status)] = outbox.get(str(status), 0) + 1
        executed = conn.execute(
            select(func.count()).where(
                Approval.thread_id == case.thread, Approval.executed_at.is_not(None)
            )
        ).scalar()
        running = conn.execute(
            select(func.count()).where(
                RunRecord.thread_id == case.thread, RunRecord.status == "running"
            )
        ).scalar()
        recover_runs = conn.execute(
            select(func.count()).where(
                RunRecord.thread_id == case.thread, RunRecord.kind == "recover"
            )
        ).scalar()
        killed_error = (
            conn.execute(select(RunRecord.error).where(RunRecord.id == case.killed_run)).scalar()
            if case.killed_run
            else None
        )
    return Counted(
        int(refunds or 0),
        outbox,
        int(executed or 0),
        int(running or 0),
        int(recover_runs or 0),
        killed_error,
    )


def test_no_approved_action_is_lost_or_repeated_whatever_arrives_first(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    key = new_key(engine, anchors.TENANT_ID)
    orders = iter(refundable_orders(engine, len(KILL_POINTS) * len(ARRIVALS)))
    cases = [Case(k, a, next(orders)) for k in KILL_POINTS for a in ARRIVALS]
    env = cli_env(
        database_url, tmp_path, recover_on_startup="false", recovery_sweep_interval_seconds="0"
    )
    with cli_processes(tmp_path) as procs:
        with ThreadPoolExecutor(len(KILL_POINTS)) as pool:  # one server per kill point, at once
            crashes = [
                pool.submit(
                    crash_at, procs, env, key, engine, p, [c for c in cases if c.kill_point == p]
                )
                for p in KILL_POINTS
            ]
            for crash in crashes:
                crash.result()

        arrivals = start_server(procs, env)  # no start-up sweep: requests arrive first
        with api(arrivals, key) as client:
            listed = client.get("/threads", params={"status": "recovering", "limit": 100})
            recovering = {t["id"] for t in listed.json()["items"]}
            for case in cases:
                case.seen_recovering = thread_status(client, case.thread) == "recovering"
            for case in cases:
                if case.arrival != "sweep":
                    arrive(procs, env, client, arrivals, case)
            for case in cases:
                if case.arrival == "sweep":  # untouched so far
                    assert thread_status(client, case.thread) == "recovering"
        assert arrivals.process.kill9()

        swept = start_server(procs, {**env, "SWITCHBOARD_RECOVER_ON_STARTUP": "true"})
        with api(swept, key) as client:
            for case in cases:
                if case.arrival == "sweep":
                    case.via = "server start-up"
                    wait_until(_settled(client, case.thread), timeout=TIMEOUT, interval=0.2)
            final = {c.thread: thread_status(client, c.thread) for c in cases}
        again = procs.run(env, "recover", "--json", timeout=TIMEOUT)
        assert swept.process.kill9()

    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == []  # nothing left for `switchboard recover`
    with engine.connect() as conn:
        statuses = conn.execute(
            select(RunRecord.kind, RunRecord.status, func.count()).group_by(
                RunRecord.kind, RunRecord.status
            )
        ).all()
    assert "running" not in {s for _, s, _ in statuses}, statuses
    assert {s for k, s, _ in statuses if k == "recover"} == {"done"}, statuses
    table, failures = [], []
    for case in cases:
        got = count(engine, case)
        row = (
            f"{case.kill_point:<16}{case.arrival:<9}{case.via:<16}"
            f"refunds={got.refunds} outbox={got.outbox} executed={got.executed}/2 "
            f"recover_runs={got.recover_runs} running={got.running} "
            f"seen_recovering={case.seen_recovering} final={final[case.thread]} "
            f"killed_run={'-' if case.killed_run is None else got.killed_run_error}"
        )
        table.append(row)
        ok = (
            got.refunds == 1
            and got.outbox == {"recorded": 2}
            and got.executed == 2
            and got.running == 0
            and got.recover_runs == 1
            and case.seen_recovering
            and case.thread in recovering
            and final[case.thread] == "idle"
            and (
                case.killed_run is None
                or (got.killed_run_error or "").startswith("process died; recovered by run ")
            )
        )
        if not ok:
            failures.append(row)
    print("\n" + "\n".join(table))  # the result table, shown with -s
    assert not failures, "\n".join(failures)


def _settled(client: httpx.Client, thread: str) -> Callable[[], bool]:
    def check() -> bool:
        return thread_status(client, thread) == "idle"

    return check
