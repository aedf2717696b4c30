"""``switchboard run``/``recover`` on a database that is absent, empty or without the tenant.

Before anything is built they leave with one line saying to seed the database; a run
used to die on its first query with a SQLAlchemy traceback, after creating an empty
SQLite file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from switchboard.cli.main import app
from switchboard.settings import get_settings

runner = CliRunner()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An unused SQLite path as the configured database (checkpoints beside it)."""
    path = tmp_path / "switchboard.db"
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("SWITCHBOARD_CHECKPOINT_URL", f"sqlite:///{tmp_path / 'checkpoints.db'}")
    monkeypatch.delenv("SWITCHBOARD_TENANT", raising=False)
    monkeypatch.delenv("SWITCHBOARD_REDIS_URL", raising=False)
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


@pytest.mark.parametrize("command", [["run", "daily insights"], ["recover"]])
def test_an_absent_database_is_reported_not_created(database: Path, command: list[str]) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == 1
    assert result.stderr == (
        f"no tenant 'demo' in sqlite:///{database}; run `switchboard seed --demo` first\n"
    )
    assert not database.exists()


def test_a_migrated_database_without_the_tenant_says_to_seed(database: Path) -> None:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["run", "daily insights"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr == (
        f"no tenant 'demo' in sqlite:///{database}; run `switchboard seed --demo` first\n"
    )
