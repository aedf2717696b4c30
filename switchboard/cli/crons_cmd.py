"""``switchboard crons list|create|pause|resume|delete``: the CLI tenant's schedules."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from domain.base import utcnow
from domain.errors import ConflictError, InvalidArgumentError, NotFoundError
from domain.models import Cron
from domain.schedules import crons
from domain.schedules.firing import utc
from switchboard.cli.context import cli_scope, fail, tenant_transaction
from switchboard.settings import get_settings

crons_app = typer.Typer(
    help="Schedules: requests the agents run on their own (cron expressions).",
    no_args_is_help=True,
)


def _row(cron: Cron) -> dict[str, Any]:
    return {
        "id": cron.id,
        "name": cron.name,
        "kind": cron.kind,
        "schedule": cron.schedule,
        "timezone": cron.timezone,
        "paused": cron.paused,
        "next_run_at": utc(cron.next_run_at).isoformat(),
        "last_run_id": cron.last_run_id,
        "request_text": cron.request_text,
    }


@crons_app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="Print the crons as JSON.")] = False,
) -> None:
    """List the tenant's schedules with their next due time."""
    settings = get_settings()
    with tenant_transaction(settings) as (session, tenant):
        scope = cli_scope(session, tenant, settings)
        rows = [_row(c) for c in crons.list_crons(scope)]
        paused_all = crons.automation_paused(scope)
    if as_json:
        typer.echo(json.dumps({"automation_paused": paused_all, "crons": rows}))
        return
    table = Table()
    for column in ("id", "name", "kind", "schedule", "timezone", "state", "next run (UTC)"):
        table.add_column(column)
    for r in rows:
        state = "paused" if r["paused"] else "active"
        table.add_row(
            str(r["id"]), r["name"], r["kind"], r["schedule"], r["timezone"], state,
            r["next_run_at"][:16],
        )  # fmt: skip
    console = Console(soft_wrap=True, highlight=False)
    console.print(table)
    if paused_all:
        console.print("All automation is paused for this tenant: nothing fires.")


@crons_app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Lower-case letters, digits, '-' or '_'.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="daily_operations | daily_insights | campaign_optimisation | due_followups "
            "| request",
        ),
    ],
    schedule: Annotated[
        str | None,
        typer.Option("--schedule", help="Cron expression, e.g. '0 8 * * 1-5' (default per kind)."),
    ] = None,
    timezone: Annotated[str, typer.Option("--timezone", help="IANA time zone.")] = "UTC",
    text: Annotated[
        str | None, typer.Option("--text", help="The request to run (needed for kind 'request').")
    ] = None,
    paused: Annotated[bool, typer.Option("--paused", help="Create it paused.")] = False,
) -> None:
    """Create a schedule; its runs go through the same policy and approvals as typed ones."""
    settings = get_settings()
    try:
        with tenant_transaction(settings) as (session, tenant):
            cron = crons.create_cron(
                cli_scope(session, tenant, settings),
                name=name,
                kind=kind,
                now=utcnow(),
                schedule=schedule,
                timezone=timezone,
                request_text=text,
                paused=paused,
            )
            row = _row(cron)
    except InvalidArgumentError as exc:
        fail(f"cannot create the cron: {exc}", 2)
    except ConflictError as exc:
        fail(f"cannot create the cron: {exc}", 2)
    typer.echo(
        f"Created cron {row['id']} '{row['name']}' ({row['kind']}, {row['schedule']} "
        f"{row['timezone']}); next run {row['next_run_at']}."
    )


def _set_paused(ref: str | None, paused: bool, all_: bool) -> None:
    word = "paused" if paused else "resumed"
    if all_ == (ref is not None):
        fail("name one cron (id or name) or give --all for all automation", 2)
    settings = get_settings()
    try:
        with tenant_transaction(settings) as (session, tenant):
            scope = cli_scope(session, tenant, settings)
            if all_:
                crons.set_automation_paused(scope, paused)
                typer.echo(f"All automation {word} for tenant '{tenant.id}'.")
                return
            assert ref is not None
            cron = crons.update_cron(
                scope, crons.find_cron(scope, ref), now=utcnow(), paused=paused
            )
            typer.echo(f"Cron '{cron.name}' {word}; next run {utc(cron.next_run_at).isoformat()}.")
    except NotFoundError as exc:
        fail(str(exc), 2)


@crons_app.command("pause")
def pause(
    cron: Annotated[str | None, typer.Argument(help="The cron's id or name.")] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Pause all automation of the tenant at once.")
    ] = False,
) -> None:
    """Pause one schedule, or (--all) every cron and follow-up of the tenant."""
    _set_paused(cron, True, all_)


@crons_app.command("resume")
def resume(
    cron: Annotated[str | None, typer.Argument(help="The cron's id or name.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Resume all automation.")] = False,
) -> None:
    """Resume one schedule (next due after now), or (--all) the tenant's automation."""
    _set_paused(cron, False, all_)


@crons_app.command("delete")
def delete(cron: Annotated[str, typer.Argument(help="The cron's id or name.")]) -> None:
    """Delete a schedule and its fire history (its runs stay)."""
    settings = get_settings()
    try:
        with tenant_transaction(settings) as (session, tenant):
            scope = cli_scope(session, tenant, settings)
            found = crons.find_cron(scope, cron)
            name = found.name
            crons.delete_cron(scope, found)
    except NotFoundError as exc:
        fail(str(exc), 2)
    typer.echo(f"Deleted cron '{name}'.")
