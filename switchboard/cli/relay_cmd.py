"""``switchboard relay``: mail the outbox's queued actions through SMTP."""

from __future__ import annotations

import json
import time
from typing import Annotated

import typer

from domain.errors import DomainError
from switchboard.settings import get_settings


def relay(
    once: Annotated[
        bool, typer.Option("--once", help="One pass, print what it did as JSON, exit.")
    ] = False,
    interval: Annotated[
        float | None,
        typer.Option(help="Seconds between passes (default SWITCHBOARD_RELAY_INTERVAL_SECONDS)."),
    ] = None,
) -> None:
    """Mail approved actions through SMTP (SWITCHBOARD_SMTP_URL), each once."""
    from adapters.services import build_services
    from switchboard.relay import deliver_due

    settings = get_settings()
    if not settings.smtp_url:
        typer.echo("no SMTP server configured: set SWITCHBOARD_SMTP_URL=smtp://host:port", err=True)
        raise typer.Exit(2)
    services = build_services(settings)
    pause = interval if interval is not None else settings.relay_interval_seconds
    try:
        while True:
            try:
                report = deliver_due(services)
            except DomainError as exc:
                typer.echo(str(exc), err=True)
                raise typer.Exit(2) from None
            if once:
                typer.echo(json.dumps(report.as_json()))
                return
            if report.claimed:
                typer.echo(json.dumps(report.as_json()), err=True)
            time.sleep(pause)
    except KeyboardInterrupt:
        return
    finally:
        services.engine.dispose()
