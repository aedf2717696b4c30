"""``switchboard serve``: run the service (keys are ``switchboard.cli.keys_cmd``)."""

from __future__ import annotations

from typing import Annotated

import typer

from switchboard.settings import get_settings


def serve(
    host: Annotated[str | None, typer.Option("--host", help="Address to bind.")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port to listen on.")] = None,
) -> None:
    """Serve the AG-UI endpoint and the REST API (uvicorn)."""
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "server.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        log_level="info",
    )
