"""How long after its due time a cron's run starts, against the scheduler's tick.

``python -m bench.schedule_delay [--fires N] [--tick S] [--spread S] [--supervisor]``
makes N crons on a private copy of the demo database (SQLite, offline model), each due
once at a random moment in the next ``spread`` seconds, and runs the real scheduler loop
(``switchboard.scheduler.run_loop`` with the ``switchboard scheduler`` launcher: thread
lock, recovery check, run record, at most SWITCHBOARD_SCHEDULER_WORKERS runs at once) on
the wall clock until every cron has fired. The runs execute a one-node graph, so what is
measured is the scheduler, not the departments; ``--supervisor`` runs the real
supervisor instead (then runs queue for the workers and share the database). For each
fire it measures:

- ``delay``: the run record's start minus the due time (what a user waits);
- ``tick``: the first scheduler pass at or after the due time minus the due time: the
  delay a polling scheduler with this tick cannot avoid (its own precision), taken
  from the same loop's pass times in the same run.

It prints p50/p99 of both and ``RESULT`` lines with the ratios; ``delay - tick`` is
the cost of claiming the period and recording the run. ``--database-url`` measures on
another migrated, demo-seeded database (e.g. Postgres after ``switchboard seed
--demo``); its bench crons are deleted afterwards.
"""

from __future__ import annotations

import argparse
import random
import threading
import time
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from statistics import quantiles
from typing import Any

from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import START, MessagesState, StateGraph
from langgraph.graph.state import CompiledStateGraph
from sqlalchemy import delete, select, update

from adapters.services import Services, build_services
from bench.demo_db import demo_copies
from bench.report import result_line
from domain.base import utcnow
from domain.db import system_transaction
from domain.demo import anchors
from domain.models import Cron, CronFire, RunRecord
from domain.schedules.crons import create_cron
from domain.schedules.firing import utc
from graphs.supervisor import compile_supervisor
from switchboard.scheduled_runs import ThreadedLauncher
from switchboard.scheduler import run_loop
from switchboard.settings import Settings

YEARLY = "0 0 1 1 *"
"""Each bench cron's schedule: after its one measured fire it is not due again."""


def percentile(values: Sequence[float], q: int) -> float:
    """The ``q``-th percentile (inclusive method; the value itself for one sample)."""
    if len(values) == 1:
        return values[0]
    return quantiles(values, n=100, method="inclusive")[q - 1]


def instant_graph() -> CompiledStateGraph[Any, Any, Any, Any]:
    """A one-node graph that answers at once (the run's execution is not measured)."""
    graph = StateGraph(MessagesState)
    graph.add_node("answer", lambda state: {})
    graph.add_edge(START, "answer")
    return graph.compile(checkpointer=InMemorySaver())


def measure(
    settings: Settings,
    fires: int,
    tick: float,
    spread: float,
    *,
    supervisor: bool = False,
    seed: int = 7,
) -> tuple[list[float], list[float]]:
    """Per fire: milliseconds from due to run start, and from due to the next pass."""
    services = build_services(settings)
    graph = (
        compile_supervisor(services, checkpointer=InMemorySaver())
        if supervisor
        else instant_graph()
    )
    launcher = ThreadedLauncher(services, graph)
    rng = random.Random(seed)
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    first = utcnow() + timedelta(seconds=1.5)
    due = sorted(first + timedelta(seconds=rng.uniform(0, spread)) for _ in range(fires))
    with services.scope(anchors.TENANT_ID, actor="bench") as scope:
        ids = [
            create_cron(scope, name=f"{prefix}-{i}", kind="daily_insights", now=first,
                        schedule=YEARLY).id
            for i in range(fires)
        ]  # fmt: skip
        for cron_id, when in zip(ids, due, strict=True):
            scope.session.execute(update(Cron).where(Cron.id == cron_id).values(next_run_at=when))
    passes: list[datetime] = []

    def clock() -> datetime:
        now = utcnow()
        passes.append(now)
        return now

    stop = threading.Event()
    loop = threading.Thread(
        target=run_loop, args=(services, launcher, stop), kwargs={"clock": clock, "tick": tick}
    )
    loop.start()
    deadline = time.monotonic() + spread + 120
    try:
        while time.monotonic() < deadline and _started(services, ids) < fires:
            time.sleep(0.2)
    finally:
        stop.set()
        loop.join()
        launcher.close()
    with system_transaction(services.sessions) as session:
        rows = session.execute(
            select(CronFire.scheduled_for, RunRecord.started_at)
            .join(RunRecord, RunRecord.id == CronFire.run_id)
            .where(CronFire.cron_id.in_(ids))
        ).all()
        session.execute(delete(Cron).where(Cron.id.in_(ids)))
    services.engine.dispose()
    if len(rows) < fires:
        raise RuntimeError(f"only {len(rows)} of {fires} crons fired within the time allowed")
    delays, ticks = [], []
    for scheduled, started in rows:
        scheduled, started = utc(scheduled), utc(started)
        delays.append((started - scheduled).total_seconds() * 1000)
        next_pass = min(p for p in passes if p >= scheduled)
        ticks.append((next_pass - scheduled).total_seconds() * 1000)
    return delays, ticks


def _started(services: Services, ids: list[int]) -> int:
    with system_transaction(services.sessions) as session:
        query = select(CronFire.id).where(CronFire.run_id.is_not(None), CronFire.cron_id.in_(ids))
        return len(session.scalars(query).all())


def report(delays: list[float], ticks: list[float], tick: float) -> list[str]:
    """The table and the RESULT lines."""
    rows = [
        ("due -> run recorded", delays),
        ("due -> next pass (tick)", ticks),
    ]
    lines = [f"{len(delays)} fires, scheduler tick {tick * 1000:.0f} ms"]
    lines.append(f"{'':26}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for name, values in rows:
        lines.append(
            f"{name:26}{percentile(values, 50):>10.1f}{percentile(values, 99):>10.1f}"
            f"{max(values):>10.1f}"
        )
    lines.append(
        f"{'ideal poller (uniform)':26}{tick * 500:>10.1f}{tick * 990:>10.1f}{tick * 1000:>10.1f}"
    )
    lines += [
        result_line("delay_p50_ms", percentile(delays, 50), percentile(ticks, 50),
                    ("scheduler", "tick")),
        result_line("delay_p99_ms", percentile(delays, 99), percentile(ticks, 99),
                    ("scheduler", "tick")),
    ]  # fmt: skip
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the measurement and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fires", type=int, default=40, help="Crons, each firing once.")
    parser.add_argument("--tick", type=float, default=1.0, help="Scheduler tick, seconds.")
    parser.add_argument("--spread", type=float, default=20.0, help="Due times span, seconds.")
    parser.add_argument(
        "--supervisor", action="store_true", help="Run the real supervisor for each fire."
    )
    parser.add_argument(
        "--database-url", default=None, help="A migrated, demo-seeded database (default: SQLite)."
    )
    args = parser.parse_args(argv)
    if args.database_url:
        settings = Settings(database_url=args.database_url, rate_limit_enabled=False)
        delays, ticks = measure(
            settings, args.fires, args.tick, args.spread, supervisor=args.supervisor
        )
    else:
        with demo_copies() as copies:
            settings = copies.settings("schedule-delay")
            delays, ticks = measure(
                settings, args.fires, args.tick, args.spread, supervisor=args.supervisor
            )
    print("\n".join(report(delays, ticks, args.tick)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
