"""The real app on a loopback port for the serving benchmarks, and a timed AG-UI client.

``serving_app`` is ``server.app.create_app`` with its lifespan building the graph from
the services given (a latency model), the same way the production lifespan does.
``loopback`` runs uvicorn in the current event loop on 127.0.0.1; ``python -m
bench.serving_app`` runs it as its own process (for the concurrency benchmark).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Any, Literal

import httpx
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine

from adapters.checkpoints import open_async_checkpointer
from adapters.services import Services
from adapters.startup_heap import freeze_startup_heap
from bench.serving_model import latency_services
from domain.api_keys import create_key
from domain.db import session_factory, transaction
from domain.roles import Role
from graphs.supervisor import compile_supervisor
from nodes.routing.classifier import trained_classifier
from server.app import create_app
from server.runtime import AppRuntime
from switchboard.settings import Settings


def serving_app(settings: Settings, services: Services) -> FastAPI:
    """The production app whose lifespan compiles the graph over ``services``."""
    app = create_app(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_async_checkpointer(settings) as saver:
            graph = compile_supervisor(services, checkpointer=saver)
            app.state.runtime = AppRuntime(services=services, graph=graph)
            await asyncio.to_thread(trained_classifier)  # as production's lifespan does
            freeze_startup_heap()
            yield

    app.router.lifespan_context = lifespan
    return app


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@asynccontextmanager
async def loopback(
    app: FastAPI, *, lifespan: Literal["auto", "on", "off"] = "on"
) -> AsyncIterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 in this event loop; yields the base URL."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, lifespan=lifespan, log_level="warning"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # raises the reason it stopped
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


def new_key(engine: Engine, tenant: str = "demo") -> str:
    """An API key for ``tenant``."""
    with transaction(session_factory(engine)) as session:
        _, plaintext = create_key(session, tenant, "bench", role=Role.ADMIN)
    return plaintext


def run_body(text: str, thread: str | None = None) -> dict[str, Any]:
    """A RunAgentInput with one new user message on a (fresh) thread."""
    return {
        "threadId": thread or str(uuid.uuid4()),
        "runId": str(uuid.uuid4()),
        "messages": [{"id": str(uuid.uuid4()), "role": "user", "content": text}],
        "state": {},
        "tools": [],
        "context": [],
        "forwardedProps": {},
    }


@dataclass
class StreamTiming:
    """One streamed run as a client saw it (seconds since the request was sent)."""

    first_event: float = 0.0
    first_token: float | None = None
    total: float = 0.0
    bytes: int = 0
    types: list[str] = field(default_factory=list)


async def timed_agui_run(client: httpx.AsyncClient, url: str, key: str, text: str) -> StreamTiming:
    """POST one run to ``/agui`` and time its events as they arrive."""
    timing = StreamTiming()
    buffer = ""
    started = perf_counter()
    headers = {"Authorization": f"Bearer {key}", "Accept": "text/event-stream"}
    async with client.stream("POST", f"{url}/agui", json=run_body(text), headers=headers) as r:
        if r.status_code != 200:
            raise RuntimeError(f"POST /agui answered {r.status_code}: {await r.aread()!r}")
        async for chunk in r.aiter_text():
            timing.bytes += len(chunk.encode())
            buffer += chunk
            *blocks, buffer = buffer.split("\n\n")
            for block in blocks:
                if not block.startswith("data: "):
                    continue
                kind = json.loads(block[6:])["type"]
                now = perf_counter() - started
                if not timing.types:
                    timing.first_event = now
                if kind == "TEXT_MESSAGE_CONTENT" and timing.first_token is None:
                    timing.first_token = now
                timing.types.append(kind)
    timing.total = perf_counter() - started
    return timing


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the app with a latency model (used by ``bench.concurrent_clients``)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--checkpoint-url", default=None, help="Postgres; else SQLite.")
    args = parser.parse_args(argv)
    settings = Settings(
        database_url=args.database_url,
        data_dir=args.data_dir,
        checkpoint_url=args.checkpoint_url,
        model="offline",
        rate_limit_enabled=False,  # 50 clients from one key measure throughput, not the limiter
    )
    app = serving_app(settings, latency_services(settings, args.latency))
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
