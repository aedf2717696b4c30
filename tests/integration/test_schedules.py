"""Crons fire once per period across schedulers, coalesce downtime, obey pause-all.

The clock is injected: each test steps simulated minutes through ``fire_due`` instead
of sleeping. Two schedulers are two threads with engines of their own (two processes'
worth of connections) on the same database, SQLite and Postgres.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import select, update

from adapters.services import Services, build_services
from domain.demo import anchors
from domain.models import Cron, CronFire, RunRecord, Tenant
from domain.schedules.crons import create_cron
from domain.schedules.firing import ClaimedFire, utc
from graphs.supervisor import compile_supervisor
from switchboard.scheduled_runs import ThreadedLauncher
from switchboard.scheduler import fire_due
from switchboard.settings import Settings
from tests.process_helpers import cli_env, console_script

TENANT = anchors.TENANT_ID
T0 = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    name = "fresh_demo_url" if request.param == "sqlite" else "postgres_url"
    url: str = request.getfixturevalue(name)
    return url


def make(url: str, tmp_path: Path) -> Services:
    return build_services(Settings(database_url=url, data_dir=tmp_path))


@pytest.fixture
def services(database_url: str, tmp_path: Path) -> Iterator[Services]:
    made = make(database_url, tmp_path)
    yield made
    made.engine.dispose()


def add_cron(services: Services, name: str, schedule: str, *, kind: str = "request") -> int:
    with services.scope(TENANT, actor="test") as scope:
        cron = create_cron(
            scope,
            name=name,
            kind=kind,
            now=T0 - timedelta(seconds=1),
            schedule=schedule,
            request_text="Give me the daily insights" if kind == "request" else None,
        )
        return cron.id


class Recorder:
    """A launch that records each fire and returns its run id (the run seam)."""

    def __init__(self) -> None:
        self.fires: list[ClaimedFire] = []
        self.lock = threading.Lock()

    def __call__(self, fire: ClaimedFire) -> str:
        with self.lock:
            self.fires.append(fire)
        return fire.run_id


def test_two_schedulers_fire_each_cron_once_per_period(database_url: str, tmp_path: Path) -> None:
    first, second = make(database_url, tmp_path), make(database_url, tmp_path)
    every_5 = add_cron(first, "every-5", "*/5 * * * *")
    every_15 = add_cron(first, "every-15", "*/15 * * * *")
    hourly = add_cron(first, "hourly", "0 * * * *")
    recorder = Recorder()
    minutes = 90
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def scheduler(services: Services) -> None:
        try:
            for minute in range(minutes + 1):
                barrier.wait()  # both look at the same moment: maximum contention
                fire_due(services, recorder, now=T0 + timedelta(minutes=minute, seconds=1))
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=scheduler, args=(s,)) for s in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    first.engine.dispose()
    second.engine.dispose()
    assert not errors, errors

    fired = Counter((f.cron_id, f.scheduled_for) for f in recorder.fires)
    assert max(fired.values()) == 1  # no period launched twice
    expected = {
        every_5: {T0 + timedelta(minutes=m) for m in range(0, minutes + 1, 5)},
        every_15: {T0 + timedelta(minutes=m) for m in range(0, minutes + 1, 15)},
        hourly: {T0, T0 + timedelta(hours=1)},
    }
    for cron_id, periods in expected.items():
        assert {when for (cid, when) in fired if cid == cron_id} == periods
    services = make(database_url, tmp_path)
    with services.scope(TENANT, actor="test") as scope:
        rows = scope.session.scalars(select(CronFire)).all()
        assert len(rows) == sum(len(p) for p in expected.values())
        assert {r.status for r in rows} == {"started"}
        assert all(r.missed == 0 for r in rows)
    services.engine.dispose()


def test_downtime_fires_a_missed_period_once(services: Services) -> None:
    cron_id = add_cron(services, "hourly", "0 * * * *")
    recorder = Recorder()

    fire_due(services, recorder, now=T0 + timedelta(hours=5, minutes=10))
    fire_due(services, recorder, now=T0 + timedelta(hours=5, minutes=20))

    [fire] = recorder.fires
    assert (fire.scheduled_for, fire.missed) == (T0, 5)
    assert fire.run_input()["missed_periods"] == 5
    with services.scope(TENANT, actor="test") as scope:
        cron = scope.session.get(Cron, cron_id)
        assert cron is not None
        assert utc(cron.next_run_at) == T0 + timedelta(hours=6)
    fire_due(services, recorder, now=T0 + timedelta(hours=6))
    assert [f.scheduled_for for f in recorder.fires] == [T0, T0 + timedelta(hours=6)]


def test_pause_all_stops_firing_and_resuming_does_not_make_up(services: Services) -> None:
    add_cron(services, "every-10", "*/10 * * * *")
    recorder = Recorder()
    with services.scope(TENANT, actor="test") as scope:
        scope.session.execute(
            update(Tenant).where(Tenant.id == TENANT).values(automation_paused=True)
        )
    for minute in range(0, 31, 10):
        report = fire_due(services, recorder, now=T0 + timedelta(minutes=minute))
        assert report.started == [] and report.skipped == 1
    assert recorder.fires == []
    with services.scope(TENANT, actor="test") as scope:
        skipped = scope.session.scalars(select(CronFire)).all()
        assert {f.status for f in skipped} == {"skipped"} and len(skipped) == 4
        scope.session.execute(
            update(Tenant).where(Tenant.id == TENANT).values(automation_paused=False)
        )
    fire_due(services, recorder, now=T0 + timedelta(minutes=35))
    assert recorder.fires == []  # the paused periods are not made up
    fire_due(services, recorder, now=T0 + timedelta(minutes=40))
    assert [f.scheduled_for for f in recorder.fires] == [T0 + timedelta(minutes=40)]


def test_a_paused_cron_is_not_claimed(services: Services) -> None:
    cron_id = add_cron(services, "every-5", "*/5 * * * *")
    with services.scope(TENANT, actor="test") as scope:
        scope.session.execute(update(Cron).where(Cron.id == cron_id).values(paused=True))
    recorder = Recorder()
    fire_due(services, recorder, now=T0 + timedelta(minutes=30))
    assert recorder.fires == []
    with services.scope(TENANT, actor="test") as scope:
        assert scope.session.scalars(select(CronFire)).all() == []


def test_a_refused_launch_is_recorded_on_the_fire(services: Services) -> None:
    add_cron(services, "every-5", "*/5 * * * *")

    def refuse(fire: ClaimedFire) -> str:
        from domain.errors import ConflictError

        raise ConflictError("thread busy")

    report = fire_due(services, refuse, now=T0)
    assert report.failed == 1 and report.started == []
    with services.scope(TENANT, actor="test") as scope:
        [fire] = scope.session.scalars(select(CronFire)).all()
    assert (fire.status, fire.detail) == ("failed", "thread busy")


def test_a_fired_cron_runs_the_supervisor_and_the_run_names_it(services: Services) -> None:
    cron_id = add_cron(services, "ops", "0 8 * * *", kind="daily_operations")
    launcher = ThreadedLauncher(
        services, compile_supervisor(services, checkpointer=InMemorySaver())
    )
    try:
        report = fire_due(services, launcher, now=T0 + timedelta(seconds=3))
        [outcome] = launcher.wait()
        again = fire_due(services, launcher, now=T0 + timedelta(seconds=30))
    finally:
        launcher.close()
    assert report.started == [outcome.run_id] and again.started == []
    assert outcome.agents == ["operations"]
    assert outcome.status in {"done", "interrupted"}
    with services.scope(TENANT, actor="test") as scope:
        run = scope.session.get(RunRecord, outcome.run_id)
        cron = scope.session.get(Cron, cron_id)
        [fire] = scope.session.scalars(select(CronFire)).all()
    assert run is not None and cron is not None
    assert run.cron_id == cron_id and run.actor == "cron:ops"
    assert run.input["via"] == "cron" and run.input["text"] == "Run the daily operations check"
    assert run.status == outcome.status
    assert (fire.status, fire.run_id, cron.last_run_id) == ("started", run.id, run.id)


def test_a_reclaimed_fire_records_its_run_once(services: Services) -> None:
    """A scheduler that died after claiming: the lease runs out, another starts it once."""
    add_cron(services, "hourly", "0 * * * *")

    def die(fire: ClaimedFire) -> str:
        raise KeyboardInterrupt  # the process dies mid-launch

    with pytest.raises(KeyboardInterrupt):
        fire_due(services, die, now=T0)
    recorder = Recorder()
    fire_due(services, recorder, now=T0 + timedelta(seconds=10))
    assert recorder.fires == []  # still within the lease
    later = T0 + timedelta(seconds=services.settings.scheduler_lease_seconds + 1)
    fire_due(services, recorder, now=later)
    assert [f.scheduled_for for f in recorder.fires] == [T0]
    fire_due(services, recorder, now=later + timedelta(seconds=400))
    assert len(recorder.fires) == 1  # started now: never claimed again


@pytest.mark.postgres
def test_two_scheduler_processes_fire_each_due_cron_once(postgres_url: str, tmp_path: Path) -> None:
    """Two real `switchboard scheduler --once` processes race on the same Postgres."""
    services = make(postgres_url, tmp_path)
    ids = [add_cron(services, f"race-{n}", "0 0 1 1 *") for n in range(6)]  # due once here
    with services.scope(TENANT, actor="test") as scope:
        scope.session.execute(
            update(Cron).values(next_run_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    env = cli_env(postgres_url, tmp_path / "data")
    procs = [
        subprocess.Popen(
            [console_script(), "scheduler", "--once"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    started = [run for out, _ in outputs for run in json.loads(out)["started"]]
    assert len(started) == len(set(started)) == len(ids)  # split between them, none twice
    with services.scope(TENANT, actor="test") as scope:
        fires = scope.session.scalars(select(CronFire)).all()
        runs = scope.session.scalars(select(RunRecord).where(RunRecord.cron_id.is_not(None))).all()
    assert sorted(f.cron_id for f in fires) == sorted(ids)
    assert sorted(r.cron_id for r in runs if r.cron_id is not None) == sorted(ids)
    assert {r.status for r in runs} <= {"done", "interrupted"}
    services.engine.dispose()


def test_a_burst_of_due_crons_runs_at_most_workers_at_once(services: Services) -> None:
    """Ten crons due at once, two workers: every one runs, never more than two together."""
    from langgraph.graph import START, MessagesState, StateGraph

    ids = [add_cron(services, f"burst-{n}", "0 8 * * *") for n in range(10)]
    running, most = [0], [0]
    guard = threading.Lock()

    def slow(state: MessagesState) -> dict[str, list[object]]:
        with guard:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.1)
        with guard:
            running[0] -= 1
        return {"messages": []}

    graph = StateGraph(MessagesState)
    graph.add_node("slow", slow)
    graph.add_edge(START, "slow")
    builds = []

    def build() -> Any:
        builds.append(1)
        return graph.compile(checkpointer=InMemorySaver())

    launcher = ThreadedLauncher(services, workers=2, build_graph=build)
    try:
        quiet = fire_due(services, launcher, now=T0 - timedelta(hours=1))  # nothing due yet
        assert quiet.started == [] and builds == []  # so no graph was built
        report = fire_due(services, launcher, now=T0)
        outcomes = launcher.wait()
    finally:
        launcher.close()
    assert len(report.started) == len(ids) and {o.status for o in outcomes} == {"done"}
    assert 1 <= most[0] <= 2
    assert builds == [1]  # built for the first fire, shared by the other nine


def test_a_cron_bound_to_a_thread_fires_on_it_and_skips_it_while_busy(services: Services) -> None:
    from adapters.thread_locks import thread_lock
    from domain.runs import ensure_thread

    with services.scope(TENANT, actor="test") as scope:
        ensure_thread(scope, "bound-thread")
        cron_id = create_cron(
            scope,
            name="on-thread",
            kind="request",
            now=T0 - timedelta(seconds=1),
            schedule="0 8 * * *",
            request_text="Give me the daily insights",
            thread_id="bound-thread",
        ).id
    launcher = ThreadedLauncher(
        services, compile_supervisor(services, checkpointer=InMemorySaver())
    )
    try:
        first = fire_due(services, launcher, now=T0 + timedelta(seconds=3))
        [outcome] = launcher.wait()
        with thread_lock(services.engine, "bound-thread"):  # a run holds the thread
            busy = fire_due(services, launcher, now=T0 + timedelta(days=1, seconds=3))
    finally:
        launcher.close()
    assert first.started == [outcome.run_id] and busy.started == [] and busy.failed == 1
    with services.scope(TENANT, actor="test") as scope:
        run = scope.session.get(RunRecord, outcome.run_id)
        fires = scope.session.scalars(
            select(CronFire).where(CronFire.cron_id == cron_id).order_by(CronFire.id)
        ).all()
    assert run is not None and run.thread_id == "bound-thread"
    assert [(f.status, f.thread_id) for f in fires] == [
        ("started", "bound-thread"),
        ("failed", "bound-thread"),
    ]
    assert "busy" in (fires[1].detail or "")
