"""Migration 0006 on SQLite and Postgres: keys made before roles keep working as admins,
new columns match the models, and the downgrade removes them again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, text

import domain.models  # noqa: F401 - registers every table on the metadata
from domain.base import Base
from domain.migrate import downgrade, upgrade
from tests.services import scratch_postgres_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        made = create_engine(f"sqlite:///{tmp_path / 'migrate.db'}")
        yield made
        made.dispose()
        return
    with scratch_postgres_database("sb_roles_mig") as url:
        made = create_engine(url)
        yield made
        made.dispose()


def test_old_keys_become_admins_and_the_schema_matches_the_models(engine: Engine) -> None:
    upgrade(engine, "0004")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO tenants (id, name, created_at) VALUES ('t', 't', :now)"),
            {"now": "2026-01-01"},
        )
        conn.execute(
            text(
                "INSERT INTO api_keys (tenant_id, name, prefix, key_hash, created_at) "
                "VALUES ('t', 'old', 'sb_x', 'h', :now)"
            ),
            {"now": "2026-01-01"},
        )
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT role, person, expires_at FROM api_keys")).one() == (
            "admin",
            None,
            None,
        )
        assert conn.scalar(text("SELECT require_distinct_approver FROM tenants")) in (False, 0)
        context = MigrationContext.configure(conn, opts={"compare_server_default": True})
        assert compare_metadata(context, Base.metadata) == []

    downgrade(engine, "0004")
    columns = {c["name"] for c in inspect(engine).get_columns("api_keys")}
    assert {"role", "person", "expires_at", "replaced_by_id"}.isdisjoint(columns)
    assert "key_id" not in {c["name"] for c in inspect(engine).get_columns("audit_log")}
