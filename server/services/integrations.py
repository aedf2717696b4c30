"""Which connectors the service uses, from settings and the open engine; secrets never leave."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import Engine

from adapters.checkpoints import postgres_url
from adapters.model_kind import model_kind
from server.schemas.integrations import Connector, IntegrationsReport
from switchboard.settings import Settings


def integrations(settings: Settings, engine: Engine) -> IntegrationsReport:
    """The model, checkpoint store, business database, email transport and queue."""
    return IntegrationsReport(
        connectors=[
            _model(settings),
            _checkpoints(settings),
            _database(engine),
            Connector(
                name="email",
                kind="email",
                configured=False,
                backend="outbox",
                detail="Outbox only: every external action is recorded exactly once in the "
                "outbox table; no transport delivers it.",
            ),
            Connector(
                name="queue",
                kind="queue",
                configured=False,
                backend="none",
                detail="Not configured: runs execute in the server process (no Redis or "
                "task queue).",
            ),
        ]
    )


def _model(settings: Settings) -> Connector:
    name = settings.model
    kind = model_kind(name)
    parts = [f"model {name}"]
    if settings.model_base_url:
        parts.append(f"endpoint host {urlsplit(settings.model_base_url).hostname or 'unknown'}")
    if not kind.local:
        parts.append(
            "API key set" if settings.model_api_key else "API key from the provider's variable"
        )
    if settings.fallback_model:
        parts.append(f"fallback {settings.fallback_model}")
    return Connector(
        name="chat model",
        kind="model",
        configured=not kind.local,
        backend=kind.provider,
        detail=(f"{kind.note}; " if kind.note else "") + ", ".join(parts),
    )


def _checkpoints(settings: Settings) -> Connector:
    url = postgres_url(settings)
    if url is None:
        return Connector(
            name="checkpoints",
            kind="checkpoints",
            configured=False,
            backend="sqlite",
            detail="Embedded SQLite file checkpoints.sqlite in the data folder.",
        )
    return Connector(
        name="checkpoints",
        kind="checkpoints",
        configured=True,
        backend="postgresql",
        detail=f"Postgres at {_where(url)} (pool of up to {settings.checkpoint_pool_size}).",
    )


def _database(engine: Engine) -> Connector:
    dialect = engine.dialect.name
    if dialect == "sqlite":
        file = (engine.url.database or ":memory:").rsplit("/", 1)[-1]
        return Connector(
            name="business database",
            kind="database",
            configured=False,
            backend=dialect,
            detail=f"Embedded SQLite file {file}.",
        )
    return Connector(
        name="business database",
        kind="database",
        configured=True,
        backend=dialect,
        detail=f"{dialect} at {engine.url.host or 'local socket'}:{engine.url.port or ''}"
        f"/{engine.url.database or ''}",
    )


def _where(url: str) -> str:
    """Host, port and database of a URL, without user or password."""
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.hostname or 'local socket'}{port}{parts.path}"
