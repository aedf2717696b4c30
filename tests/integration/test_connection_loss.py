"""Losing every Postgres connection mid-run: the stream ends, the next requests succeed.

``pg_terminate_backend`` on all of the service's connections (business sessions, the
thread's advisory-lock connection, the checkpoint pool) is what a database restart or a
proxy dropping idle connections does. The run in flight may fail or finish, but it must
say so: its stream ends with an ``end`` event, and the thread's lock is not left behind.
Pooled connections are checked before use, so the next requests and readiness succeed.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.api_helpers import Api, SlowModels, serve, sse_events

pytestmark = pytest.mark.postgres

QUESTION = "Which sponsors have not paid their invoices and what is our pipeline value?"


@pytest.fixture
def slow() -> SlowModels:
    return SlowModels(delay=0.5)


@pytest.fixture
async def api(postgres_url: str, tmp_path: Path, slow: SlowModels) -> AsyncIterator[Api]:
    async with serve(
        postgres_url, tmp_path / "data", checkpoint_url=postgres_url, model=slow
    ) as running:
        yield running


def terminate_connections(database_url: str) -> int:
    """``pg_terminate_backend`` every other connection to the database; how many."""
    url = make_url(database_url)
    admin = url.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        rows = conn.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity "
            "where datname = %s and pid <> pg_backend_pid()",
            (url.database,),
        ).fetchall()
    return len(rows)


async def test_stream_ends_and_service_recovers(
    api: Api, slow: SlowModels, postgres_url: str
) -> None:
    assert (await api.anonymous.get("/health/ready")).json()["checkpoints"] != "none"
    thread_id = await api.new_thread()

    async def kill_when_the_model_runs() -> int:
        for _ in range(500):
            if slow.model is not None and slow.model.calls:
                break
            await asyncio.sleep(0.01)
        assert slow.model is not None and slow.model.calls, "the run never reached the model"
        return await asyncio.to_thread(terminate_connections, postgres_url)

    streamed, killed = await asyncio.wait_for(
        asyncio.gather(
            api.a.post(f"/threads/{thread_id}/runs/stream", json={"text": QUESTION}),
            kill_when_the_model_runs(),
        ),
        timeout=60,
    )
    assert killed >= 1  # at least the thread's advisory-lock connection was cut
    events = sse_events(streamed.text)
    names = [name for name, _ in events]
    assert names[-1] == "end", names
    end = json.loads(events[-1][1])
    assert end["status"] in {"done", "error"}, end

    ready = await api.anonymous.get("/health/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checkpoints"] == "SwitchboardPostgresSaver"

    # The thread's lock went with its connection; the thread takes a new run at once.
    again = await api.run("Give me the daily insights", thread_id=thread_id)
    assert again["status"] in {"done", "interrupted"}, again
    fresh = await api.run("Give me the daily insights")
    assert fresh["status"] in {"done", "interrupted"}, fresh
    assert (await api.a.get("/runs")).status_code == 200


async def test_ready_reports_a_lost_checkpoint_store(api: Api, postgres_url: str) -> None:
    url = make_url(postgres_url)
    admin = url.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS false')
        try:
            await asyncio.to_thread(terminate_connections, postgres_url)
            ready = await api.anonymous.get("/health/ready")
        finally:
            conn.execute(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS true')
    assert ready.status_code == 503
    body = ready.json()
    assert body["status"] == "unavailable"
    assert {"database", "checkpoints"} <= set(body), body
    assert (await api.anonymous.get("/health/ready")).status_code == 200
