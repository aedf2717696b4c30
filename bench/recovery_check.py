"""CPU of the recovery check every run makes first: in the thread's transaction vs its own.

``python -m bench.recovery_check [--checks 300] [--rounds 5] [--database-url URL]`` times,
in one process on a private demo copy (SQLite; or a migrated, seeded database named by
``--database-url``, e.g. the tests' Postgres), the database part of
``switchboard.recovery.recover_thread`` for a thread with nothing to recover (every run
on a worker, every in-process AG-UI run and every approval's resume does it):

- ``before``: as it was: the thread and its orphaned runs in one transaction, then the
  stranded approvals in a tenant scope of their own, their query built on every call;
- ``after``: the stranded approvals in the same transaction, with the query built once
  (``switchboard.stranded_actions.STRANDED``).

Rounds alternate the two; each prints CPU microseconds per check (``time.process_time``)
and a ``RESULT`` line gives after vs before. Both find the same (no) approvals.
"""

from __future__ import annotations

import argparse
import time
import uuid
from collections.abc import Callable, Sequence
from statistics import median
from typing import Any

from sqlalchemy import select

from adapters.services import Services, build_services
from bench.demo_db import demo_copies
from bench.report import result_line
from domain import runs
from domain.db import transaction
from domain.demo import anchors
from domain.models import Approval, RunRecord, ThreadRecord
from switchboard.recovery_status import RECOVERY_ACTOR, never_executed
from switchboard.settings import Settings
from switchboard.stranded_actions import stranded


def _orphans(session: Any, thread_id: str) -> list[str]:
    query = select(RunRecord.id).where(
        RunRecord.thread_id == thread_id,
        RunRecord.status == "running",
        RunRecord.worker_id.is_(None),
    )
    return list(session.scalars(query.order_by(RunRecord.started_at)))


def before(services: Services, thread_id: str) -> list[Approval]:
    """The check as main ran it (two transactions, the query built each time)."""
    with transaction(services.sessions) as session:
        thread = session.get(ThreadRecord, thread_id)
        assert thread is not None
        tenant = thread.tenant_id
        _orphans(session, thread_id)
    with services.scope(tenant, actor=RECOVERY_ACTOR) as scope:
        query = select(Approval).where(
            Approval.tenant_id == tenant,
            Approval.thread_id == thread_id,
            *never_executed(Approval),
        )
        return list(scope.session.scalars(query.order_by(Approval.id)))


def after(services: Services, thread_id: str) -> list[Approval]:
    """The check as ``recover_thread`` runs it now."""
    with transaction(services.sessions) as session:
        thread = session.get(ThreadRecord, thread_id)
        assert thread is not None
        _orphans(session, thread_id)
        return stranded(session, thread.tenant_id, thread_id)


VARIANTS: dict[str, Callable[[Services, str], list[Approval]]] = {
    "before": before,
    "after": after,
}


def measure(settings: Settings, checks: int, rounds: int) -> dict[str, list[float]]:
    """CPU microseconds per check, by variant and round."""
    services = build_services(settings)
    thread_id = f"bench-recovery-{uuid.uuid4().hex[:8]}"
    with services.scope(anchors.TENANT_ID, actor="bench") as scope:
        runs.ensure_thread(scope, thread_id)
    try:
        for check in VARIANTS.values():  # warm the statement caches and the pool
            assert check(services, thread_id) == []
        cpu: dict[str, list[float]] = {name: [] for name in VARIANTS}
        for _ in range(rounds):
            for name, check in VARIANTS.items():
                started = time.process_time()
                for _ in range(checks):
                    check(services, thread_id)
                cpu[name].append((time.process_time() - started) * 1e6 / checks)
        return cpu
    finally:
        with transaction(services.sessions) as session:
            thread = session.get(ThreadRecord, thread_id)
            if thread is not None:
                session.delete(thread)
        services.engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=300, help="Checks per variant and round.")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", help="A migrated, seeded database (default: SQLite).")
    args = parser.parse_args(argv)
    if args.database_url:
        where = "the given database"
        cpu = measure(Settings(database_url=args.database_url), args.checks, args.rounds)
    else:
        where = "SQLite demo copy"
        with demo_copies() as copies:
            cpu = measure(copies.settings("recovery"), args.checks, args.rounds)
    print(f"{args.checks} recovery checks per variant and round, {args.rounds} rounds, {where}")
    print(f"{'variant':<9}{'median CPU us/check':>21}  rounds")
    for name, values in cpu.items():
        print(f"{name:<9}{median(values):>21.1f}  " + " ".join(f"{v:.1f}" for v in values))
    ours, theirs = median(cpu["after"]), median(cpu["before"])
    print(result_line("cpu_us_per_check", ours, theirs, ("after", "before")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
