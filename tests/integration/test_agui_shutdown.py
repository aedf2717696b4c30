"""A server shutting down ends its open in-process AG-UI streams and settles their runs.

On SIGTERM uvicorn waits for open connections to close before it runs the app's
lifespan shutdown, which is where the process stopped its runs. An AG-UI chat streams
its run on its own connection, so the process waited for the run to end by itself
(forever, when it never did), holding the thread's lock and its run slot. Under
``switchboard serve`` (``server.shutdown.GracefulServer``) the runs are stopped as the
shutdown begins: the chat's stream ends with RUN_ERROR saying why, its run is recorded
``cancelled``, its thread and slot are freed, and the process exits.

The app runs under the real uvicorn server in a thread; ``should_exit`` is what its
SIGTERM handler sets. The model waits long on every call, so the run is mid-way (in its
first model call) when the shutdown comes.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from adapters.services import Services, build_services
from adapters.thread_locks import held_threads
from domain.db import make_engine, session_factory
from domain.models import RunRecord
from server.app import create_app
from server.routers import agui as agui_router
from server.runtime import AppRuntime
from server.services import agui_in_process
from server.shutdown import SHUTTING_DOWN, GracefulServer
from switchboard.settings import Settings
from tests.api_helpers import TENANT_A, Frame, SlowModels, make_keys
from tests.integration.test_agui_run_slots import QUESTION, agui_body
from tests.stream_helpers import frames

pytestmark = pytest.mark.postgres

WAIT = 60.0
MODEL_DELAY = 20.0
"""Each model call's wait: far longer than the test takes to stop the run."""
GRACE = 20
"""uvicorn's own bound on the wait for open connections (``timeout_graceful_shutdown``)."""


@contextmanager
def running_server(app: FastAPI, server_class: type[uvicorn.Server]) -> Iterator[Any]:
    """``app`` under ``server_class`` on a free port, in a thread: (server, thread, url)."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", timeout_graceful_shutdown=GRACE
    )
    server = server_class(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield server, thread, f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=WAIT)


async def read_all(response: httpx.Response, into: list[Frame]) -> None:
    async for frame in frames(response):
        into.append(frame)


async def test_a_shutdown_ends_an_open_agui_stream_with_run_error_and_frees_its_thread(
    postgres_url: str, tmp_path: Path
) -> None:
    key = make_keys(postgres_url)[TENANT_A]
    settings = Settings(
        database_url=postgres_url,
        data_dir=tmp_path / "data",
        checkpoint_url=postgres_url,
        model_retry_initial_delay=0,
        cors_origins=[],
        rate_limit_enabled=False,
        max_live_runs=2,
        recover_on_startup=False,
        recovery_sweep_interval_seconds=0,
    )
    models = SlowModels(MODEL_DELAY)

    def services_with_model(settings: Settings) -> Services:
        services = build_services(settings)
        services.model = models(services)
        return services

    app = create_app(settings)
    headers = {"Authorization": f"Bearer {key}"}
    received: list[Frame] = []
    with (
        patch("server.app.build_services", services_with_model),
        running_server(app, GracefulServer) as (server, thread, url),
    ):
        runtime: AppRuntime = app.state.runtime
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=WAIT) as client:
            created = await client.post("/threads", json={})
            assert created.status_code == 201, created.text
            thread_id = created.json()["id"]
            body = agui_body(thread_id, QUESTION)
            async with client.stream("POST", "/agui", json=body) as response:
                assert response.status_code == 200
                reader = asyncio.create_task(read_all(response, into=received))
                await until(lambda: models.model is not None and models.model.calls > 0)
                assert not reader.done()  # the run waits in its first model call
                server.should_exit = True  # as uvicorn's SIGTERM handler does
                await asyncio.wait_for(reader, WAIT)
        thread.join(timeout=WAIT)
        assert not thread.is_alive(), "the server did not exit"

    types = [frame.data["type"] for frame in received]
    assert types[0] == "RUN_STARTED"
    assert types[-1] == "RUN_ERROR", types
    assert types.count("RUN_ERROR") == 1 and "RUN_FINISHED" not in types
    assert received[-1].data["message"] == SHUTTING_DOWN
    assert not runtime.agui_runs

    engine = make_engine(postgres_url)
    try:
        with session_factory(engine)() as session:
            run = session.get(RunRecord, body["runId"])
            assert run is not None
            assert (run.status, run.error) == ("cancelled", SHUTTING_DOWN)
        assert held_threads(engine, [thread_id]) == set()  # the thread's lock is free
    finally:
        engine.dispose()


async def until(condition: Any) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


async def test_a_chat_admitted_but_not_yet_streaming_at_shutdown_gets_run_error(
    postgres_url: str, tmp_path: Path
) -> None:
    """The lifespan's own stop (tests, other servers): a run admitted whose stream has not
    begun is recorded cancelled at once; its stream, when it begins, is one RUN_ERROR."""
    key = make_keys(postgres_url)[TENANT_A]
    settings = Settings(
        database_url=postgres_url,
        data_dir=tmp_path / "data",
        checkpoint_url=postgres_url,
        model_retry_initial_delay=0,
        cors_origins=[],
        rate_limit_enabled=False,
        recover_on_startup=False,
        recovery_sweep_interval_seconds=0,
    )
    app = create_app(settings)
    lifespan = app.router.lifespan_context(app)
    await lifespan.__aenter__()
    runtime: AppRuntime = app.state.runtime
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://switchboard.test",
        headers={"Authorization": f"Bearer {key}"},
    ) as client:
        thread_id = (await client.post("/threads", json={})).json()["id"]
        admitted = asyncio.Event()
        go_on = asyncio.Event()
        admit = agui_in_process.admit

        async def held_admit(*args: Any, **kwargs: Any) -> Any:
            run = await admit(*args, **kwargs)
            admitted.set()  # admitted and registered; the response has not started
            await go_on.wait()
            return run

        body = agui_body(thread_id, QUESTION)
        with patch.object(agui_router.agui_in_process, "admit", held_admit):
            chat = asyncio.create_task(client.post("/agui", json=body))
            await asyncio.wait_for(admitted.wait(), WAIT)
            assert list(runtime.agui_runs) == [body["runId"]]
            await asyncio.wait_for(lifespan.__aexit__(None, None, None), WAIT)
            go_on.set()
            response = await asyncio.wait_for(chat, WAIT)
    assert response.status_code == 200
    events = [line.removeprefix("data: ") for line in response.text.split("\n\n") if line]
    assert len(events) == 1 and '"RUN_ERROR"' in events[0], events
    engine = make_engine(postgres_url)
    try:
        with session_factory(engine)() as session:
            run = session.get(RunRecord, body["runId"])
            assert run is not None
            assert (run.status, run.error) == ("cancelled", SHUTTING_DOWN)
        assert held_threads(engine, [thread_id]) == set()
    finally:
        engine.dispose()
