"""``switchboard serve`` and ``switchboard keys create``: run the service, let callers in."""

from __future__ import annotations

from typing import Annotated

import typer

from domain.api_keys import create_key
from domain.db import session_factory, system_transaction
from switchboard.cli.context import configured_engine, fail
from switchboard.settings import get_settings

keys_app = typer.Typer(help="Tenant API keys for the HTTP service.", no_args_is_help=True)


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


@keys_app.command("create")
def create(
    tenant: Annotated[str, typer.Option("--tenant", help="Tenant the key acts for.")],
    name: Annotated[str, typer.Option("--name", help="A label to tell keys apart.")] = "default",
) -> None:
    """Create an API key; it is printed once, on the last line."""
    if not tenant.strip() or len(tenant) > 64:
        fail("--tenant must be 1 to 64 characters", 2)
    settings = get_settings()
    with configured_engine(settings) as engine:
        try:
            with system_transaction(session_factory(engine)) as session:
                key, plaintext = create_key(session, tenant.strip(), name)
                prefix = key.prefix
        except Exception as exc:  # an unmigrated or unreachable database: one line
            fail(
                f"cannot create the key: {str(exc).splitlines()[0]}; run `switchboard db "
                "upgrade` first"
            )
    typer.echo(f"Created key {prefix}… for tenant '{tenant}' (shown once; store it now):")
    typer.echo(plaintext)
