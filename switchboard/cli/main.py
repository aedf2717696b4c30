"""The ``switchboard`` console script (a typer app; see ``pyproject.toml``).

Commands are imported when they run, not when the script starts: ``run`` needs the
graph, ``serve`` the web server, ``route`` scikit-learn, and importing all of them cost
every command (and ``--help``) seconds. ``LAZY_COMMANDS`` names each command's module
and its one-line help, so the command list is printed without importing anything.
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from switchboard import __version__

LAZY_COMMANDS: dict[str, tuple[str, str, str]] = {
    # name: (module, attribute: a function or a typer sub-app, one-line help)
    "serve": ("switchboard.cli.serve_cmd", "serve", "Serve the AG-UI endpoint and the REST API."),
    "worker": (
        "switchboard.cli.worker_cmd",
        "worker",
        "Run queued runs from Redis (with SWITCHBOARD_REDIS_URL set).",
    ),
    "seed": (
        "switchboard.cli.seed_cmd",
        "seed",
        "Migrate the database, then build the demo tenant.",
    ),
    "route": (
        "switchboard.cli.route_cmd",
        "route",
        "Print the departments a request goes to, the confidence and the LLM calls.",
    ),
    "run": (
        "switchboard.cli.run_cmd",
        "run",
        "Run a request through the supervisor and its department agents.",
    ),
    "approvals": (
        "switchboard.cli.approvals_cmd",
        "list_approvals",
        "List the actions waiting for a human decision, across threads.",
    ),
    "resume": (
        "switchboard.cli.approvals_cmd",
        "resume",
        "Answer a thread's pending approval and let the run finish.",
    ),
    "db": ("switchboard.cli.db_cmd", "db_app", "Business database schema (Alembic migrations)."),
    "tools": ("switchboard.cli.tools_cmd", "tools_app", "List and call the department tools."),
    "policy": (
        "switchboard.cli.policy_cmd",
        "policy_app",
        "Ask the approval policy about an action.",
    ),
    "keys": ("switchboard.cli.keys_cmd", "keys_app", "Tenant API keys for the HTTP service."),
    "relay": (
        "switchboard.cli.relay_cmd",
        "relay",
        "Mail approved actions through SMTP (SWITCHBOARD_SMTP_URL), each once.",
    ),
    "leads": (
        "switchboard.cli.pipeline_cmd",
        "leads_app",
        "Leads: source one into the pipeline (lead.sourced), show its steps.",
    ),
    "pipeline": (
        "switchboard.cli.pipeline_cmd",
        "pipeline_app",
        "The lead pipeline: run its workers, list its error queue, retry a step.",
    ),
    "crons": (
        "switchboard.cli.crons_cmd",
        "crons_app",
        "Schedules: requests the agents run on their own (cron expressions).",
    ),
    "scheduler": (
        "switchboard.cli.scheduler_cmd",
        "scheduler",
        "Fire due crons (all tenants), each period once even beside other schedulers.",
    ),
    "tenants": (
        "switchboard.cli.tenants_cmd",
        "tenants_app",
        "Tenants (workspaces) and their agents.",
    ),
    "privacy": (
        "switchboard.cli.privacy_cmd",
        "privacy_app",
        "Data-subject requests: export or erase everything held about a person.",
    ),
    "recover": (
        "switchboard.cli.recover_cmd",
        "recover",
        "Finish approved actions and steps that a dead process left, once each.",
    ),
}


def load_command(name: str) -> Any:
    """Import the command ``name`` and build its (typer-vendored) click command."""
    module, attribute, _ = LAZY_COMMANDS[name]
    target: Any = getattr(importlib.import_module(module), attribute)
    if not isinstance(target, typer.Typer):
        single = typer.Typer(add_completion=False)
        single.command(name)(target)
        target = single
    command = typer.main.get_command(target)
    command.name = name
    return command


class LazyCommands(TyperGroup):
    """A command group that imports a command only to run it (or show its own help)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *LAZY_COMMANDS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """For the command list: a stand-in carrying the one-line help, nothing imported."""
        if cmd_name in LAZY_COMMANDS:
            text = LAZY_COMMANDS[cmd_name][2]
            return TyperCommand(cmd_name, help=text, short_help=text)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """For running: the real command, imported now."""
        name = str(args[0]) if args else ""
        if name in LAZY_COMMANDS:
            return name, load_command(name), args[1:]
        return super().resolve_command(ctx, args)


app = typer.Typer(
    name="switchboard",
    cls=LazyCommands,
    help="Switchboard: multi-agent operations for an event business.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"switchboard {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Switchboard: multi-agent operations for an event business."""


if __name__ == "__main__":
    app()
