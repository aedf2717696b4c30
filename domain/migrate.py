"""Run Alembic migrations from code (the CLI's ``switchboard db upgrade``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from domain.db import DEFAULT_TENANT_ROLE

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at our migrations and the given database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(
    engine: Engine, revision: str = "head", *, tenant_role: str = DEFAULT_TENANT_ROLE
) -> None:
    """Bring the database at ``engine`` up to ``revision``.

    ``tenant_role`` names the Postgres role the row-level security migration grants
    table privileges to (``Settings.database_tenant_role``).
    """
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    cfg.attributes["tenant_role"] = tenant_role
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str, *, tenant_role: str = DEFAULT_TENANT_ROLE) -> None:
    """Take the database at ``engine`` down to ``revision``."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    cfg.attributes["tenant_role"] = tenant_role
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
