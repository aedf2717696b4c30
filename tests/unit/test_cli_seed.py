"""`switchboard seed`, `db upgrade` and `--version` against a temporary SQLite database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, select
from typer.testing import CliRunner

from domain.migrate import alembic_config
from domain.models import Tenant
from switchboard import __version__
from switchboard.cli.context import display_url
from switchboard.cli.main import app
from switchboard.settings import get_settings

runner = CliRunner()


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the CLI's settings at an empty SQLite file under ``tmp_path``."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", url)
    monkeypatch.delenv("SWITCHBOARD_TODAY", raising=False)
    monkeypatch.delenv("SWITCHBOARD_TENANT", raising=False)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _snapshot_of(url: str, tenant_id: str = "demo") -> date | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(Tenant.snapshot_date).where(Tenant.id == tenant_id))
    finally:
        engine.dispose()


def test_seed_refuses_an_existing_tenant_until_reset(database_url: str) -> None:
    first = runner.invoke(app, ["seed", "--demo", "--as-of", "2026-09-01", "--json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert (report["tenant"], report["snapshot"], report["seed"]) == ("demo", "2026-09-01", 7)
    assert report["database"] == database_url
    counts = report["counts"]
    assert counts["current_edition_orders"] == 3000
    assert all(isinstance(n, int) and n >= 0 for n in counts.values())

    again = runner.invoke(app, ["seed", "--demo"])
    assert again.exit_code == 1
    assert again.stderr == "tenant 'demo' already has data; use --reset to rebuild it\n"
    assert again.stdout == ""

    rebuilt = runner.invoke(app, ["seed", "--demo", "--reset", "--as-of", "2026-10-01", "--json"])
    assert rebuilt.exit_code == 0, rebuilt.output
    recounted = json.loads(rebuilt.stdout)["counts"]
    assert (recounted["companies"], recounted["current_edition_orders"]) == (200, 3000)
    assert _snapshot_of(database_url) == date(2026, 10, 1)


def test_seed_prints_a_table_of_counts(database_url: str) -> None:
    result = runner.invoke(app, ["seed", "--demo", "--as-of", "2026-09-01"])
    assert result.exit_code == 0, result.output
    assert "Demo tenant 'demo' as of 2026-09-01 (seed 7)" in result.stdout
    assert "│ current_edition_orders    │  3,000 │" in result.stdout


def test_seed_without_demo_flag_is_a_usage_error(database_url: str) -> None:
    result = runner.invoke(app, ["seed"])
    assert result.exit_code == 2
    assert result.stderr.startswith("nothing to seed: pass --demo")
    assert not Path(database_url.removeprefix("sqlite:///")).exists()


def test_seed_rejects_a_malformed_as_of_date(database_url: str) -> None:
    result = runner.invoke(app, ["seed", "--demo", "--as-of", "1 Sept"])
    assert result.exit_code == 2
    assert result.stderr == "--as-of must be a date as YYYY-MM-DD, not '1 Sept'\n"


def test_db_upgrade_migrates_and_reports_the_revision(database_url: str) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    assert f"Database {database_url} is at revision {head}" in result.stdout
    assert _snapshot_of(database_url) is None  # the tables exist, no tenant yet


def test_display_url_hides_the_password() -> None:
    shown = display_url("postgresql+psycopg://app:s3cret@db.internal:5432/switchboard")
    assert "s3cret" not in shown
    assert shown == "postgresql+psycopg://app:***@db.internal:5432/switchboard"


def test_version_prints_the_package_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"switchboard {__version__}\n"
