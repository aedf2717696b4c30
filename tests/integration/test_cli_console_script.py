"""The installed `switchboard` console script, run as a process against real Postgres."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from domain.db import make_engine
from domain.demo import anchors
from tests.services import scratch_postgres_database

pytestmark = pytest.mark.postgres


def _console_script() -> str:
    beside_python = Path(sys.executable).parent / "switchboard"
    found = str(beside_python) if beside_python.exists() else shutil.which("switchboard")
    if found is None:
        pytest.fail("the `switchboard` console script is not installed; run `make setup`")
    return found


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with scratch_postgres_database("sb_cli") as url:
        yield url


def _run(url: str, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    env["SWITCHBOARD_DATABASE_URL"] = url
    return subprocess.run(
        [_console_script(), *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_seed_then_lookup_ticket_through_the_console_script(postgres_url: str) -> None:
    seeded = _run(postgres_url, "seed", "--demo", "--as-of", "2026-09-01", "--json")
    assert seeded.returncode == 0, seeded.stderr
    report = json.loads(seeded.stdout)
    assert report["tenant"] == anchors.TENANT_ID
    assert report["counts"]["current_edition_orders"] == 3000
    engine = make_engine(postgres_url)
    try:  # the seed gathered the planner's statistics itself (autovacuum's show as autoanalyze)
        with engine.connect() as conn:
            analyzed = conn.execute(
                text("select last_analyze from pg_stat_user_tables where relname = 'orders'")
            ).scalar_one()
    finally:
        engine.dispose()
    assert analyzed is not None

    again = _run(postgres_url, "seed", "--demo")
    assert again.returncode == 1
    assert again.stderr == "tenant 'demo' already has data; use --reset to rebuild it\n"

    args = json.dumps({"order_number": anchors.ORDER_BELOW_REFUND_THRESHOLD})
    looked_up = _run(postgres_url, "tools", "call", "lookup_ticket", "--args", args, "--json")
    assert looked_up.returncode == 0, looked_up.stderr
    ticket = json.loads(looked_up.stdout)
    assert anchors.ORDER_BELOW_REFUND_THRESHOLD in looked_up.stdout
    assert anchors.ORDER_BUYER_EMAIL in json.dumps(ticket)

    unknown = _run(
        postgres_url,
        "tools",
        "call",
        "lookup_ticket",
        "--args",
        json.dumps({"order_number": "ORD-99999"}),
    )
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("lookup_ticket: argument ")
    assert "Traceback" not in unknown.stderr
