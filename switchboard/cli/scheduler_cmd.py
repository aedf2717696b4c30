"""``switchboard scheduler``: fire the tenants' due crons from a process of its own.

With the run queue on (``SWITCHBOARD_REDIS_URL``) the fires are queued for workers
(``switchboard.queued_scheduler``); otherwise they run here on a pool of threads.
"""

from __future__ import annotations

import contextlib
import json
import threading
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from langgraph.graph.state import CompiledStateGraph

    from adapters.services import Services


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
    from adapters.services import build_services
    from switchboard.scheduled_runs import ThreadedLauncher
    from switchboard.scheduler import TickReport, fire_due, run_loop
    from switchboard.settings import get_settings

    if tick is not None and tick <= 0:
        typer.echo("--tick must be a positive number of seconds", err=True)
        raise typer.Exit(2)
    settings = get_settings()
    services = build_services(settings)
    if settings.queued_runs():  # workers run the fires; this process only queues them
        try:
            _queued(services, once=once, tick=tick)
        finally:
            services.engine.dispose()
        return
    try:
        with contextlib.ExitStack() as resources:  # the checkpointer, once opened

            def supervisor() -> CompiledStateGraph[Any, Any, Any, Any]:
                from adapters.checkpoints import open_checkpointer
                from graphs.supervisor import compile_supervisor

                saver = resources.enter_context(open_checkpointer(settings))
                return compile_supervisor(services, checkpointer=saver)

            # --once builds it for its first due cron (nothing due: no graph, model or
            # checkpointer); the loop builds it at start, so a bad model stops it there
            launcher = (
                ThreadedLauncher(services, build_graph=supervisor)
                if once
                else ThreadedLauncher(services, supervisor())
            )
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


def _queued(services: Services, *, once: bool, tick: float | None) -> None:
    import asyncio

    from switchboard.queued_scheduler import run_queued_scheduler
    from switchboard.scheduler import TickReport

    def show(report: TickReport) -> None:
        if once:
            typer.echo(json.dumps(report.as_json()))
        elif report.started or report.failed or report.skipped:
            typer.echo(json.dumps(report.as_json()), err=True)

    every = tick if tick is not None else services.settings.scheduler_tick_seconds
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_queued_scheduler(services, once=once, tick=every, on_tick=show))
