"""``switchboard seed --demo``: migrate, then build the demo tenant's business data."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from domain.db import refresh_statistics, session_factory, system_transaction
from domain.demo.anchors import DEFAULT_SEED
from domain.errors import ConflictError
from domain.models import Tenant
from switchboard.cli.context import configured_engine, display_url, fail
from switchboard.cli.db_cmd import upgrade_to_head
from switchboard.settings import Settings, get_settings


def _parse_as_of(value: str | None, settings: Settings) -> date:
    if value is None:
        return settings.today or date.today()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        fail(f"--as-of must be a date as YYYY-MM-DD, not {value!r}", code=2)


def seed_demo(settings: Settings, *, reset: bool, seed: int, snapshot: date) -> dict[str, int]:
    """Migrate the configured database and build the demo for ``settings.tenant``.

    Returns:
        Rows created per table. Leaves with exit 1 when the tenant already has data
        and ``reset`` is false.
    """
    from domain.demo import build_demo, reset_tenant  # the generator is heavy: load on use

    tenant_id = settings.tenant
    with configured_engine(settings) as engine:
        upgrade_to_head(engine, settings.database_tenant_role)
        with system_transaction(session_factory(engine)) as session:
            if reset:
                reset_tenant(session, tenant_id)
            elif session.get(Tenant, tenant_id) is not None:
                fail(f"tenant '{tenant_id}' already has data; use --reset to rebuild it")
            try:
                counts = build_demo(session, tenant_id=tenant_id, seed=seed, snapshot=snapshot)
            except ConflictError as exc:  # a concurrent seed won the race
                fail(str(exc))
        refresh_statistics(engine)  # the first queries on the new rows plan from them
    return counts


def _counts_table(counts: dict[str, int]) -> Table:
    table = Table()
    table.add_column("records")
    table.add_column("count", justify="right")
    for name, rows in counts.items():
        table.add_row(name, f"{rows:,}")
    return table


def seed(
    demo: Annotated[bool, typer.Option("--demo", help="Build the demo tenant.")] = False,
    reset: Annotated[
        bool, typer.Option("--reset", help="Delete the tenant's rows first, then rebuild.")
    ] = False,
    seed_value: Annotated[
        int, typer.Option("--seed", help="Random seed; the same seed builds the same data.")
    ] = DEFAULT_SEED,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Snapshot date (the demo's 'today'), YYYY-MM-DD.", metavar="DATE"
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Migrate the database, then build the demo tenant (SWITCHBOARD_TENANT, default 'demo')."""
    if not demo:
        fail("nothing to seed: pass --demo (the demo tenant is the only data set)", code=2)
    settings = get_settings()
    snapshot = _parse_as_of(as_of, settings)
    counts = seed_demo(settings, reset=reset, seed=seed_value, snapshot=snapshot)
    url = display_url(settings.resolved_database_url())
    if as_json:
        report = {
            "tenant": settings.tenant,
            "snapshot": snapshot.isoformat(),
            "seed": seed_value,
            "database": url,
            "counts": counts,
        }
        typer.echo(json.dumps(report))
        return
    title = f"Demo tenant '{settings.tenant}' as of {snapshot.isoformat()} (seed {seed_value})"
    console = Console(soft_wrap=True, highlight=False)
    console.print(title, style="bold", markup=False)
    console.print(_counts_table(counts))
    console.print(f"Database: {url}", markup=False)
