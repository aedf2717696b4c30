"""`switchboard crons ...` and `switchboard scheduler --once` through the console script."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from domain.base import utcnow
from domain.db import make_engine, session_factory, system_transaction
from domain.models import Cron, RunRecord, Tenant
from tests.process_helpers import cli_env, console_script


def run(url: str, data_dir: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [console_script(), *argv],
        env=cli_env(url, data_dir),
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_create_list_pause_resume_delete(fresh_demo_url: str, tmp_path: Path) -> None:
    made = run(fresh_demo_url, tmp_path, "crons", "create", "ops", "--kind", "daily_operations")
    assert made.returncode == 0, made.stderr
    assert "Created cron 1 'ops' (daily_operations, 0 8 * * * UTC)" in made.stdout
    run(fresh_demo_url, tmp_path, "crons", "create", "campaigns", "--kind",
        "campaign_optimisation")  # fmt: skip
    listed = json.loads(run(fresh_demo_url, tmp_path, "crons", "list", "--json").stdout)
    assert [(c["name"], c["schedule"]) for c in listed["crons"]] == [
        ("campaigns", "0 */4 * * *"),
        ("ops", "0 8 * * *"),
    ]
    assert listed["automation_paused"] is False

    assert run(fresh_demo_url, tmp_path, "crons", "pause", "ops").returncode == 0
    assert run(fresh_demo_url, tmp_path, "crons", "pause", "--all").returncode == 0
    listed = json.loads(run(fresh_demo_url, tmp_path, "crons", "list", "--json").stdout)
    assert listed["automation_paused"] is True
    assert {c["name"]: c["paused"] for c in listed["crons"]} == {"ops": True, "campaigns": False}
    assert run(fresh_demo_url, tmp_path, "crons", "resume", "--all").returncode == 0
    assert run(fresh_demo_url, tmp_path, "crons", "resume", "1").returncode == 0
    deleted = run(fresh_demo_url, tmp_path, "crons", "delete", "campaigns")
    assert deleted.returncode == 0 and "Deleted cron 'campaigns'" in deleted.stdout
    listed = json.loads(run(fresh_demo_url, tmp_path, "crons", "list", "--json").stdout)
    assert [(c["name"], c["paused"]) for c in listed["crons"]] == [("ops", False)]
    assert listed["automation_paused"] is False


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["create", "x", "--kind", "hourly"], "is not a cron kind"),
        (["create", "x", "--kind", "request", "--schedule", "0 9 * * *"], "needs the request"),
        (["create", "x", "--kind", "daily_insights", "--schedule", "61 * * * *"], "schedule:"),
        (["create", "x", "--kind", "daily_insights", "--timezone", "Nowhere"], "time zone"),
        (["create", "Bad Name", "--kind", "daily_insights"], "name:"),
        (["pause"], "give --all"),
        (["pause", "ops", "--all"], "give --all"),
        (["resume", "nosuch"], "no cron 'nosuch'"),
        (["delete", "nosuch"], "no cron 'nosuch'"),
    ],
)
def test_bad_input_exits_2_with_a_sentence(
    fresh_demo_url: str, tmp_path: Path, argv: list[str], says: str
) -> None:
    done = run(fresh_demo_url, tmp_path, "crons", *argv)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert says in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_scheduler_once_fires_a_due_cron(fresh_demo_url: str, tmp_path: Path) -> None:
    run(fresh_demo_url, tmp_path, "crons", "create", "insights", "--kind", "daily_insights")
    engine = make_engine(fresh_demo_url)
    with system_transaction(session_factory(engine)) as session:
        session.execute(update(Cron).values(next_run_at=utcnow() - timedelta(minutes=1)))
    first = run(fresh_demo_url, tmp_path, "scheduler", "--once")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["failed"] == 0 and len(report["started"]) == 1
    again = json.loads(run(fresh_demo_url, tmp_path, "scheduler", "--once").stdout)
    assert again["started"] == []
    with system_transaction(session_factory(engine)) as session:
        [record] = session.scalars(select(RunRecord)).all()
        cron = session.scalars(select(Cron)).one()
        assert record.id == report["started"][0] and record.cron_id == cron.id
        assert record.status == "done" and record.agents == ["analytics"]
        session.execute(update(Tenant).values(automation_paused=True))
        session.execute(update(Cron).values(next_run_at=utcnow() - timedelta(minutes=1)))
    paused = json.loads(run(fresh_demo_url, tmp_path, "scheduler", "--once").stdout)
    assert (paused["started"], paused["skipped"]) == ([], 1)
    engine.dispose()
