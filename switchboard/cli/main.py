"""The ``switchboard`` console script (a typer app; see ``pyproject.toml``)."""

from __future__ import annotations

from typing import Annotated

import typer

from switchboard import __version__
from switchboard.cli.approvals_cmd import list_approvals, resume
from switchboard.cli.db_cmd import db_app
from switchboard.cli.policy_cmd import policy_app
from switchboard.cli.privacy_cmd import privacy_app
from switchboard.cli.route_cmd import route
from switchboard.cli.run_cmd import run
from switchboard.cli.seed_cmd import seed
from switchboard.cli.serve_cmd import keys_app, serve
from switchboard.cli.tools_cmd import tools_app

app = typer.Typer(
    name="switchboard",
    help="Switchboard: multi-agent operations for an event business.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(db_app, name="db")
app.add_typer(tools_app, name="tools")
app.add_typer(policy_app, name="policy")
app.add_typer(keys_app, name="keys")
app.add_typer(privacy_app, name="privacy")
app.command("serve")(serve)
app.command("seed")(seed)
app.command("route")(route)
app.command("run")(run)
app.command("approvals")(list_approvals)
app.command("resume")(resume)


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
