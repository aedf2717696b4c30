"""``switchboard scheduler``: fire the tenants' due crons from a process of its own."""

from __future__ import annotations

import json
import threading
from typing import Annotated

import typer


def scheduler(
    once: Annotated[
        bool,
        typer.Option("--once", help="One pass: start what is due, wait for it, print JSON, exit."),
    ] = False,
    tick: Annotated[
        float | None,
        typer.Option(help="Seconds between passes (default SWITCHBOARD_SCHEDULER_TICK_SECONDS)."),
    ] = None,
) -> None:
    """Fire due crons (all tenants), each period once even beside other schedulers."""
    from adapters.checkpoints import open_checkpointer
    from adapters.services import build_services
    from graphs.supervisor import compile_supervisor
    from switchboard.scheduled_runs import ThreadedLauncher
    from switchboard.scheduler import TickReport, fire_due, run_loop
    from switchboard.settings import get_settings

    if tick is not None and tick <= 0:
        typer.echo("--tick must be a positive number of seconds", err=True)
        raise typer.Exit(2)
    settings = get_settings()
    services = build_services(settings)
    try:
        with open_checkpointer(settings) as saver:
            launcher = ThreadedLauncher(services, compile_supervisor(services, checkpointer=saver))
            try:
                if once:
                    report = fire_due(services, launcher)
                    launcher.wait()
                    typer.echo(json.dumps(report.as_json()))
                    return

                def show(report: TickReport) -> None:
                    if report.started or report.failed or report.skipped:
                        typer.echo(json.dumps(report.as_json()), err=True)

                stop = threading.Event()
                try:
                    run_loop(services, launcher, stop, tick=tick, on_tick=show)
                except KeyboardInterrupt:
                    stop.set()
            finally:
                launcher.close()
    finally:
        services.engine.dispose()
