"""The REST API in process: the real app and lifespan, httpx clients per tenant, helpers.

``serve`` builds the app on a database URL (a fresh demo copy), runs its lifespan
(services, checkpointer, compiled graph) and yields an ``Api`` with one client per
tenant: ``a`` acts for the demo tenant, ``b`` for a second tenant ("rival") that has
no demo data. A chat model can be injected (e.g. a slow one to catch a run mid-way).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest.mock import patch

import httpx
import uvicorn
from fastapi import FastAPI
from langchain_core.language_models import BaseChatModel
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from sqlalchemy.orm import Session, sessionmaker

from adapters.offline import OfflineChatModel
from adapters.services import Services, build_services
from domain.api_keys import create_key
from domain.db import make_engine, session_factory, transaction
from domain.demo import anchors
from domain.roles import Role
from server.app import create_app
from switchboard.settings import Settings

TENANT_A = anchors.TENANT_ID
TENANT_B = "rival"
REFUND_REQUEST = (
    f"Hi, I want a refund for order {anchors.ORDER_BELOW_REFUND_THRESHOLD}, I cannot come"
)
FINISHED = {"done", "interrupted", "error", "cancelled"}


@dataclass
class Api:
    """A running app with a client per tenant and a session factory on its database."""

    app: FastAPI
    a: httpx.AsyncClient
    b: httpx.AsyncClient
    anonymous: httpx.AsyncClient
    sessions: sessionmaker[Session]
    keys: dict[str, str]
    transport: httpx.AsyncBaseTransport | None = None

    def client(self, key: str | None) -> httpx.AsyncClient:
        """Another client of the same app (use it in ``async with``)."""
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.AsyncClient(
            transport=self.transport, base_url="http://switchboard.test", headers=headers
        )

    def create_key(
        self,
        role: Role | str,
        name: str,
        *,
        person: str | None = None,
        tenant: str = TENANT_A,
    ) -> tuple[int, str]:
        """A new key of ``tenant`` with ``role``: its id and secret."""
        with transaction(self.sessions) as session:
            key, secret = create_key(session, tenant, name, role=role, person=person)
            return key.id, secret

    async def new_thread(self, client: httpx.AsyncClient | None = None, **body: Any) -> str:
        """Create a thread; its id."""
        response = await (client or self.a).post("/threads", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    async def wait_run(
        self, run_id: str, client: httpx.AsyncClient | None = None, timeout: float = 30
    ) -> dict[str, Any]:
        """Poll ``GET /runs/{id}`` until the run has finished; its record."""
        deadline = time.monotonic() + timeout
        while True:
            response = await (client or self.a).get(f"/runs/{run_id}")
            assert response.status_code == 200, response.text
            run: dict[str, Any] = response.json()
            if run["status"] in FINISHED:
                return run
            assert time.monotonic() < deadline, f"run {run_id} still running after {timeout} s"
            await asyncio.sleep(0.05)

    async def run(
        self, text: str, thread_id: str | None = None, client: httpx.AsyncClient | None = None
    ) -> dict[str, Any]:
        """Start a run (on a new thread unless given) and wait for its record."""
        client = client or self.a
        thread_id = thread_id or await self.new_thread(client)
        response = await client.post(f"/threads/{thread_id}/runs", json={"text": text})
        assert response.status_code == 202, response.text
        return await self.wait_run(response.json()["run_id"], client)

    async def pending_approval(self, thread_id: str) -> dict[str, Any]:
        """The one pending approval of a thread."""
        response = await self.a.get("/approvals", params={"thread_id": thread_id})
        assert response.status_code == 200, response.text
        items = response.json()["items"]
        assert len(items) == 1, items
        return dict(items[0])


def make_keys(database_url: str) -> dict[str, str]:
    """An API key for each tenant (the second tenant is created empty)."""
    engine = make_engine(database_url)
    try:
        with transaction(session_factory(engine)) as session:
            return {
                tenant: create_key(session, tenant, "tests", role=Role.ADMIN)[1]
                for tenant in (TENANT_A, TENANT_B)
            }
    finally:
        engine.dispose()


@asynccontextmanager
async def serve(
    database_url: str,
    data_dir: Path,
    *,
    model: Callable[[Services], BaseChatModel] | None = None,
    checkpoint_url: str | None = None,
    **settings_overrides: Any,
) -> AsyncIterator[Api]:
    """Run the app's lifespan and yield clients; ``model`` builds the chat model from services.

    Rate limits are off unless ``rate_limit_enabled=True`` is passed (tests poll fast);
    other ``settings_overrides`` go to ``Settings`` as they are.
    """
    keys = make_keys(database_url)
    settings = Settings(
        database_url=database_url,
        data_dir=data_dir,
        checkpoint_url=checkpoint_url,
        model_retry_initial_delay=0,
        cors_origins=[],
        **{"rate_limit_enabled": False, **settings_overrides},
    )
    app = create_app(settings)

    def services_with_model(settings: Settings) -> Services:
        services = build_services(settings)
        if model is not None:
            services.model = model(services)
        return services

    async with AsyncExitStack() as stack:
        stack.enter_context(patch("server.app.build_services", services_with_model))
        await stack.enter_async_context(app.router.lifespan_context(app))
        transport = httpx.ASGITransport(app=app)

        def client(key: str | None) -> httpx.AsyncClient:
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            return httpx.AsyncClient(
                transport=transport, base_url="http://switchboard.test", headers=headers
            )

        a = await stack.enter_async_context(client(keys[TENANT_A]))
        b = await stack.enter_async_context(client(keys[TENANT_B]))
        anonymous = await stack.enter_async_context(client(None))
        sessions = session_factory(make_engine(database_url))
        try:
            yield Api(app, a, b, anonymous, sessions, keys, transport)
        finally:
            sessions.kw["bind"].dispose()


@asynccontextmanager
async def serve_demo_copy(
    template: Path, directory: Path, **serve_options: Any
) -> AsyncIterator[Api]:
    """``serve`` on a private copy of the seeded demo ``template`` kept in ``directory``.

    For a module-scoped app shared by read-only cases (a 422 or 404 writes nothing), so
    the module starts the app once instead of once per case; a case that writes keeps
    an app of its own.
    """
    target = directory / "demo.db"
    shutil.copyfile(template, target)
    async with serve(f"sqlite:///{target}", directory / "data", **serve_options) as running:
        yield running


@contextmanager
def http_server(app: FastAPI) -> Iterator[str]:
    """``app`` under uvicorn on a free port, in a thread of this process; its base URL.

    Real HTTP (h11), so chunked bodies, percent-encoded paths and broken connections
    behave as they do in production, unlike an in-process ASGI transport.
    """
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def sse_events(body: str) -> list[tuple[str, str]]:
    """``(event, data)`` pairs of a text/event-stream body (comments skipped)."""
    events = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
        if data:
            events.append((name, "\n".join(data)))
    return events


class SlowOfflineModel(OfflineChatModel):
    """The offline model with a pause before each async call, so a test can catch a run mid-way.

    ``held`` makes every call, sync or async, wait (after ``delay``) until it is cleared,
    with ``waiting`` counting the calls stopped there: a test that needs a run to be busy
    while it checks something holds the model, waits for a call to be stopped, checks,
    then releases it, instead of racing a fixed delay on a loaded machine. A plain
    attribute, polled, because a sync node's call runs on a worker thread. ``calls``
    counts async calls only, as the tests' expected counts do.
    """

    delay: float = 1.0
    calls: int = 0
    held: bool = False
    waiting: int = 0

    async def _pause(self) -> None:
        self.calls += 1
        await asyncio.sleep(self.delay)
        if self.held:
            self.waiting += 1
            while self.held:
                await asyncio.sleep(0.01)
            self.waiting -= 1

    def _hold_sync(self) -> None:
        if self.held:
            self.waiting += 1
            while self.held:
                time.sleep(0.01)
            self.waiting -= 1

    def _generate(self, messages: list[Any], *args: Any, **kwargs: Any) -> ChatResult:
        self._hold_sync()
        return super()._generate(messages, *args, **kwargs)

    async def _agenerate(self, messages: list[Any], *args: Any, **kwargs: Any) -> ChatResult:
        await self._pause()
        return await super()._agenerate(messages, *args, **kwargs)

    def _stream(
        self, messages: list[Any], *args: Any, **kwargs: Any
    ) -> Iterator[ChatGenerationChunk]:
        self._hold_sync()
        yield from super()._stream(messages, *args, **kwargs)

    async def _astream(
        self, messages: list[Any], *args: Any, **kwargs: Any
    ) -> AsyncIterator[ChatGenerationChunk]:
        await self._pause()
        async for chunk in super()._astream(messages, *args, **kwargs):
            yield chunk


class SlowModels:
    """A model factory for ``serve``: the configured offline model, slowed down; keeps it."""

    def __init__(self, delay: float, *, held: bool = False) -> None:
        self.delay = delay
        self.held = held
        self.model: SlowOfflineModel | None = None

    def __call__(self, services: Services) -> SlowOfflineModel:
        offline = services.model
        assert isinstance(offline, OfflineChatModel)
        self.model = SlowOfflineModel(
            resolver=offline.resolver,
            default_tenant=offline.default_tenant,
            today=offline.today,
            delay=self.delay,
            held=self.held,
        )
        return self.model

    async def wait_until_held(self, timeout: float = 30) -> None:
        """Until a call is stopped by ``held`` (a run is inside the model)."""
        deadline = time.monotonic() + timeout
        while self.model is None or not self.model.waiting:
            assert time.monotonic() < deadline, f"no model call held after {timeout} s"
            await asyncio.sleep(0.01)

    def hold(self) -> None:
        """Calls from now on wait until ``release``."""
        self.held = True
        if self.model is not None:
            self.model.held = True

    def release(self) -> None:
        self.held = False
        if self.model is not None:
            self.model.held = False


@dataclass(frozen=True)
class Frame:
    """One server-sent event with its id (None when it has none) and its parsed JSON data."""

    id: str | None
    event: str
    data: Any


def sse_frames(body: str) -> list[Frame]:
    """The events of a text/event-stream body with their ids (comments skipped)."""
    frames = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        event_id, name, data = None, "message", []
        for line in block.split("\n"):
            if line.startswith("id:"):
                event_id = line[3:].strip()
            elif line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
        if data:
            frames.append(Frame(event_id, name, json.loads("\n".join(data))))
    return frames
