"""``switchboard serve``: run the service (keys are ``switchboard.cli.keys_cmd``)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from switchboard.cli.errors import fail
from switchboard.settings import get_settings


def serve(
    host: Annotated[str | None, typer.Option("--host", help="Address to bind.")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port to listen on.")] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="API processes on the port (more than one needs SWITCHBOARD_REDIS_URL: "
            "runs then execute in `switchboard worker` processes).",
        ),
    ] = 1,
) -> None:
    """Serve the AG-UI endpoint and the REST API (uvicorn)."""
    import uvicorn

    settings = get_settings()
    if workers > 1 and not settings.queued_runs():
        fail(
            "--workers above 1 needs SWITCHBOARD_REDIS_URL: without it each run lives in "
            "the process that accepted it, where no other process can stream or cancel it"
        )
    options: dict[str, Any] = {
        "factory": True,
        "host": host or settings.host,
        "port": port or settings.port,
        "log_level": "info",
        "timeout_graceful_shutdown": settings.shutdown_grace_seconds,
    }
    if workers > 1:  # runs execute on queue workers: these processes only stream them
        uvicorn.run("server.app:create_app", workers=workers, **options)
        return
    from server.shutdown import GracefulServer

    # One process: it runs runs itself, and stops them as its shutdown begins.
    server = GracefulServer(uvicorn.Config("server.app:create_app", **options))
    server.run()
    if not server.started:
        fail("the server did not start (see the log above)", 3)  # as uvicorn.run exits
