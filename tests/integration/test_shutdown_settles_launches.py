"""A shutdown that comes while a run's start is under way still stops that run.

``background_runs.start`` takes a slot, then launches: the thread's lock, recovery, the
record, then the run's task, which only then appears in ``runtime.live_runs``. The
lifespan cancelled the runs in ``live_runs`` it found, so a run whose launch was pending
began after that snapshot and outlived the shutdown, recorded ``running``. The launch is
held at a seam (``_check_waiting``, once the lock is taken) until the shutdown has begun.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

import httpx
import pytest
from fastapi import FastAPI

from adapters.services import Services, build_services
from adapters.thread_locks import held_threads
from domain.db import make_engine
from domain.models import RunRecord
from server import app as app_module
from server.app import create_app
from server.runtime import AppRuntime
from server.services import background_runs
from switchboard.settings import Settings
from tests.api_helpers import TENANT_A, SlowModels, make_keys, sse_events

pytestmark = pytest.mark.postgres

QUESTION = "Which sponsors have not paid their invoices and what is our pipeline value?"
WAIT = 60.0


@asynccontextmanager
async def client_of(app: FastAPI, key: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://switchboard.test", headers=headers
    ) as client:
        yield client


async def test_a_run_whose_start_is_pending_at_shutdown_ends_cancelled_and_frees_all(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = make_keys(postgres_url)[TENANT_A]
    settings = Settings(
        database_url=postgres_url,
        data_dir=tmp_path / "data",
        checkpoint_url=postgres_url,
        model_retry_initial_delay=0,
        cors_origins=[],
        rate_limit_enabled=False,
        max_live_runs=1,
        recover_on_startup=False,
        recovery_sweep_interval_seconds=0,
    )
    app = create_app(settings)

    def services_with_model(settings: Settings) -> Services:
        services = build_services(settings)
        services.model = SlowModels(1.0)(services)
        return services

    entered, proceed = asyncio.Event(), asyncio.Event()
    check_waiting = background_runs._check_waiting

    async def held_launch(runtime: AppRuntime, thread_id: str, *, resume: bool) -> None:
        entered.set()  # the launch holds the thread's lock and its slot, and is not live yet
        await proceed.wait()
        await check_waiting(runtime, thread_id, resume=resume)

    stop_lead_pipeline = app_module.stop_lead_pipeline

    async def shutdown_begun(pipeline: Any) -> None:
        await stop_lead_pipeline(pipeline)
        proceed.set()  # the launch may go on now the shutdown has begun

    monkeypatch.setattr(background_runs, "_check_waiting", held_launch)
    monkeypatch.setattr(app_module, "stop_lead_pipeline", shutdown_begun)
    lifespan = app.router.lifespan_context(app)
    with patch("server.app.build_services", services_with_model):
        await lifespan.__aenter__()
    runtime: AppRuntime = app.state.runtime
    async with client_of(app, key) as client:
        thread_id = (await client.post("/threads", json={})).json()["id"]
        stream = asyncio.create_task(
            client.post(f"/threads/{thread_id}/runs/stream", json={"text": QUESTION})
        )
        await asyncio.wait_for(entered.wait(), WAIT)
        assert not runtime.live_runs  # its start is under way: nothing to cancel yet
        await asyncio.wait_for(lifespan.__aexit__(None, None, None), WAIT)

        response = await asyncio.wait_for(stream, WAIT)  # the stream ended
        assert response.status_code == 200, response.text
        events = sse_events(response.text)
        assert events[0][0] == "metadata"
        assert events[-1][0] == "end", events[-3:]
        end = json.loads(events[-1][1])
        assert end["status"] == "cancelled"
        run_id = end["run_id"]

        engine = make_engine(postgres_url)
        try:
            with engine.connect() as conn:
                status = conn.execute(
                    RunRecord.__table__.select().where(RunRecord.id == run_id)
                ).one()
            assert status.status == "cancelled"
            assert held_threads(engine, [thread_id]) == set()  # the thread's lock is free
        finally:
            engine.dispose()
        slots = runtime.run_slots
        assert slots is not None and not slots.full()  # the slot came back
        assert not runtime.live_runs and not runtime.launches

        # A request after the shutdown began starts nothing: 503 with a sentence.
        late = await client.post(f"/threads/{thread_id}/runs", json={"text": QUESTION})
        assert late.status_code == 503, late.text
        assert "shutting down" in late.json()["error"]
        assert int(late.headers["Retry-After"]) >= 1
