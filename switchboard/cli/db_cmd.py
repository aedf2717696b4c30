"""``switchboard db ...``: business schema migrations and checkpoint tables."""

from __future__ import annotations

from typing import Annotated

import psycopg
import typer
from alembic.runtime.migration import MigrationContext
from rich.console import Console
from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from domain.migrate import upgrade
from domain.models import ThreadRecord
from switchboard.cli.context import (
    configured_engine,
    display_url,
    fail,
    first_line,
    tenant_transaction,
)
from switchboard.settings import get_settings

db_app = typer.Typer(help="Business database schema (Alembic migrations).", no_args_is_help=True)


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at (None before the first migration)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(engine: Engine, tenant_role: str) -> str | None:
    """Migrate to the newest revision and return it; one-line failure when unreachable."""
    try:
        upgrade(engine, tenant_role=tenant_role)
        return current_revision(engine)
    except SQLAlchemyError as exc:
        url = engine.url.render_as_string(hide_password=True)
        fail(f"cannot migrate the database {url}: {first_line(exc)}")


@db_app.command("prune-checkpoints")
def prune_checkpoints(
    thread: Annotated[
        list[str] | None, typer.Option("--thread", help="Only these threads (repeatable).")
    ] = None,
) -> None:
    """Cut idle threads' checkpoints to the latest one (threads awaiting approval are kept)."""
    from adapters.checkpoint_retention import prune_threads  # LangGraph's savers: load on use

    settings = get_settings()
    with tenant_transaction(settings) as (session, tenant):
        query = select(ThreadRecord.id).where(
            ThreadRecord.tenant_id == tenant.id, ThreadRecord.status == "idle"
        )
        if thread:
            query = query.where(ThreadRecord.id.in_(thread))
        idle = list(session.scalars(query))
    skipped = sorted(set(thread or []) - set(idle))
    pruned = prune_threads(settings, idle)
    typer.echo(f"Pruned {pruned} idle thread(s) to their latest checkpoint.")
    if skipped:
        typer.echo(f"Left alone (not idle, or not this tenant's): {', '.join(skipped)}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the business database and create the graph checkpoint tables."""
    from adapters.checkpoints import setup_checkpointer  # not for `seed`, which shares this module

    settings = get_settings()
    with configured_engine(settings) as engine:
        revision = upgrade_to_head(engine, settings.database_tenant_role)
    url = display_url(settings.resolved_database_url())
    console = Console(soft_wrap=True)
    console.print(
        f"Database {url} is at revision {revision}", style="green", markup=False, highlight=False
    )
    try:
        where = setup_checkpointer(settings)
    except (OSError, psycopg.Error) as exc:
        fail(f"cannot create the checkpoint tables: {first_line(exc)}")
    console.print(
        f"Checkpoint tables ready in {where}", style="green", markup=False, highlight=False
    )
