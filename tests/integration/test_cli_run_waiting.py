"""``switchboard run --thread`` on a thread that waits for a decision is refused.

LangGraph starts over from new input and drops the pending interrupt, so the waiting
actions would never be decided or done. The REST API refuses with 409; the CLI exits 3
with the same sentence and the approvals stay pending.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from domain.demo import anchors
from domain.models import Approval
from switchboard.cli.main import app
from switchboard.settings import get_settings


@pytest.fixture
def cli(fresh_demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", fresh_demo_url)
    monkeypatch.setenv("SWITCHBOARD_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield fresh_demo_url
    get_settings.cache_clear()


def test_a_new_request_on_a_waiting_thread_keeps_its_approvals(cli: str) -> None:
    order = anchors.ORDER_ABOVE_REFUND_THRESHOLD
    started = CliRunner().invoke(
        app, ["run", f"Refund order {order} please, I can't come", "--thread", "t-wait", "--json"]
    )
    assert started.exit_code == 0, started.output
    assert json.loads(started.stdout)["status"] == "interrupted"

    again = CliRunner().invoke(app, ["run", "Give me the daily insights", "--thread", "t-wait"])
    assert again.exit_code == 3
    assert "is waiting for approval of its actions" in again.stderr
    assert "switchboard resume t-wait" in again.stderr

    engine = create_engine(cli)
    with Session(engine) as session:
        statuses = session.scalars(
            select(Approval.status).where(Approval.thread_id == "t-wait")
        ).all()
    engine.dispose()
    assert statuses and set(statuses) == {"pending"}
    done = CliRunner().invoke(app, ["resume", "t-wait", "--decision", "reject", "--json"])
    assert done.exit_code == 0, done.output
