"""A stream following a run of a dead queue worker hands the run back to the queue.

The record of a worker's run says ``running`` with the worker's id until that worker
records the end. A stream checked only the record, so after the worker died it waited
until another worker's sweeper requeued the run, and for ever when no worker was left.
Now a silent stream checks the worker's heartbeat: a dead worker's run goes back to
``queued`` (as the sweeper would put it), and the stream goes on with the events a
live worker appends; a live worker's run is left alone.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import redis

from adapters.run_queue.arq_queue import ArqRunQueue
from domain.models import RunRecord
from server.runtime import AppRuntime
from tests.api_helpers import TENANT_A, Api, Frame, serve, sse_frames
from tests.integration.test_rate_limits import redis_url

pytestmark = pytest.mark.redis


@pytest.fixture
async def api(fresh_demo_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    """Runs go to a queue of this test's own (no worker takes them); checks every 0.2 s."""
    url, prefix = redis_url(), f"test-{uuid.uuid4().hex[:8]}"
    async with serve(
        fresh_demo_url,
        tmp_path / "data",
        redis_url=url,
        run_queue="redis",
        run_queue_name=f"{prefix}:runs",
        lead_stream_prefix=f"{prefix}:",
        stream_idle_check_seconds=0.2,
        recover_on_startup=False,
        recovery_sweep_interval_seconds=0,
    ) as running:
        yield running
    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def queue_of(api: Api) -> ArqRunQueue:
    runtime: AppRuntime = api.app.state.runtime
    assert isinstance(runtime.run_queue, ArqRunQueue)
    return runtime.run_queue


def worker_run(api: Api, thread_id: str, worker_id: str) -> str:
    """A run recorded as running on queue worker ``worker_id``; its id."""
    run_id = uuid.uuid4().hex
    with api.sessions.begin() as session:
        session.add(
            RunRecord(
                id=run_id,
                tenant_id=TENANT_A,
                thread_id=thread_id,
                kind="run",
                actor="x",
                worker_id=worker_id,
            )
        )
    return run_id


def status_of(api: Api, run_id: str) -> tuple[str, str | None]:
    with api.sessions() as session:
        record = session.get(RunRecord, run_id)
        assert record is not None
        return record.status, record.worker_id


async def test_a_dead_workers_run_is_requeued_by_its_stream_which_goes_on(api: Api) -> None:
    thread_id = await api.new_thread()
    run_id = worker_run(api, thread_id, "worker-killed-9")  # no heartbeat: it died
    log = api.app.state.runtime.run_events
    first = await log.append(run_id, {"event": "metadata", "data": {"run_id": run_id}})
    following = asyncio.create_task(api.a.get(f"/runs/{run_id}/stream"))

    deadline = time.monotonic() + 10
    while status_of(api, run_id)[0] == "running":  # a check after 0.2 s of silence
        assert time.monotonic() < deadline, "the stream left the dead worker's run running"
        await asyncio.sleep(0.05)
    assert status_of(api, run_id) == ("queued", None)  # for a live worker to resume
    assert not following.done()  # a queued run goes on: its stream waits for its events

    # A live worker takes it and finishes it: the stream gets the rest and ends.
    rest = await log.append(run_id, {"event": "end", "data": {"status": "done"}})
    await log.close(run_id)
    response = await asyncio.wait_for(following, 10)
    assert sse_frames(response.text) == [
        Frame(first, "metadata", {"run_id": run_id}),
        Frame(rest, "end", {"status": "done"}),
    ]


async def test_a_live_workers_run_is_left_to_it(api: Api) -> None:
    thread_id = await api.new_thread()
    queue = queue_of(api)
    await queue.workers.beat("worker-alive", 30)
    run_id = worker_run(api, thread_id, "worker-alive")
    following = asyncio.create_task(api.a.get(f"/runs/{run_id}/stream"))
    await asyncio.sleep(1.0)  # five checks of the silent stream
    assert status_of(api, run_id) == ("running", "worker-alive")
    assert not following.done()
    await api.app.state.runtime.run_events.close(run_id)  # the worker ends it
    response = await asyncio.wait_for(following, 10)
    assert response.status_code == 200
    await queue.workers.forget("worker-alive")
