"""``switchboard tenants create|list``: workspaces beyond the demo (admin, cross-tenant)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from domain.db import session_factory, system_transaction
from domain.errors import ConflictError, InvalidArgumentError
from domain.models import Department, Tenant
from domain.tenants import create_tenant, list_tenants
from switchboard.cli.context import configured_engine, display_url, fail, first_line
from switchboard.settings import get_settings

tenants_app = typer.Typer(help="Tenants (workspaces) and their agents.", no_args_is_help=True)


@contextmanager
def _admin_transaction() -> Iterator[Session]:
    """A cross-tenant transaction on the configured, migrated database, or a one-line exit."""
    settings = get_settings()
    url = display_url(settings.resolved_database_url())
    with configured_engine(settings) as engine:
        try:
            with engine.connect() as conn:
                migrated = inspect(conn).has_table(Tenant.__tablename__)
        except SQLAlchemyError as exc:
            fail(f"cannot open the database {url}: {first_line(exc)}")
        if not migrated:
            fail(f"the database {url} has no tables yet; run `switchboard db upgrade` first")
        with system_transaction(session_factory(engine)) as session:
            yield session


@tenants_app.command("create")
def create(
    tenant_id: Annotated[
        str, typer.Argument(metavar="ID", help="Lower-case letters, digits, '-' or '_'.")
    ],
    name: Annotated[str, typer.Option("--name", help="Display name (default: the id).")] = "",
) -> None:
    """Create an empty tenant with every department agent at its default settings."""
    try:
        with _admin_transaction() as session:
            tenant = create_tenant(session, tenant_id, name or tenant_id)
            shown = tenant.name
    except InvalidArgumentError as exc:
        fail(f"cannot create the tenant: {exc}", code=2)
    except ConflictError as exc:
        fail(f"cannot create the tenant: {exc}")
    except IntegrityError:  # another process created it between our check and commit
        fail(f"cannot create the tenant: tenant '{tenant_id}' already exists")
    agents = ", ".join(d.value for d in Department)
    typer.echo(f"Created tenant '{tenant_id}' ({shown}) with agents: {agents}.")
    typer.echo(f"Give it an API key with `switchboard keys create --tenant {tenant_id}`.")


@tenants_app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="Print the tenants as JSON.")] = False,
) -> None:
    """List every tenant with its agent and live API key counts."""
    with _admin_transaction() as session:
        tenants = list_tenants(session)
    if as_json:
        typer.echo(json.dumps([asdict(t) for t in tenants]))
        return
    table = Table()
    for column in ("id", "name", "agents", "api keys", "demo snapshot"):
        table.add_column(column)
    for t in tenants:
        table.add_row(t.id, t.name, str(t.agents), str(t.api_keys), t.demo_snapshot or "")
    Console(soft_wrap=True, highlight=False).print(table)
