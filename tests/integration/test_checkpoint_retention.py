"""Pruning an idle thread's checkpoints keeps its state and lets it continue."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from langgraph.checkpoint.sqlite import SqliteSaver
from typer.testing import CliRunner

from switchboard.cli.main import app
from switchboard.settings import get_settings

runner = CliRunner()


@pytest.fixture
def cli_env(fresh_demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", fresh_demo_url)
    monkeypatch.setenv("SWITCHBOARD_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path / "checkpoints.sqlite"
    get_settings.cache_clear()


def _rows(path: Path, thread: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(
            conn.execute(
                "select count(*) from checkpoints where thread_id = ?", (thread,)
            ).fetchone()[0]
        )


def _run(text: str, thread: str) -> dict:  # type: ignore[type-arg]
    import json

    result = runner.invoke(app, ["run", text, "--thread", thread, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_idle_threads_shrink_to_one_checkpoint_and_continue(cli_env: Path) -> None:
    for text in ("Give me the daily insights", "What is the refund policy?"):
        assert _run(text, "t-idle")["status"] == "done"
    waiting = _run("Hi, I want a refund for order ORD-10501, I cannot come", "t-wait")
    assert waiting["status"] == "interrupted"
    before_idle, before_wait = _rows(cli_env, "t-idle"), _rows(cli_env, "t-wait")
    assert before_idle > 10

    result = runner.invoke(app, ["db", "prune-checkpoints"])

    assert result.exit_code == 0, result.output
    assert "Pruned 1 idle thread(s)" in result.stdout
    assert _rows(cli_env, "t-idle") == 1
    with sqlite3.connect(cli_env, check_same_thread=False) as conn:
        kept = SqliteSaver(conn).get_tuple({"configurable": {"thread_id": "t-idle"}})
    assert kept is not None
    messages = kept.checkpoint["channel_values"]["messages"]
    assert [m.type for m in messages] == ["human", "ai", "human", "ai"]
    assert _rows(cli_env, "t-wait") == before_wait  # awaiting approval: untouched
    again = _run("Run the daily operations check", "t-idle")  # the thread continues
    assert again["status"] in ("done", "interrupted")
    resumed = runner.invoke(app, ["resume", "t-wait", "--decision", "approve", "--json"])
    assert resumed.exit_code == 0, resumed.output
