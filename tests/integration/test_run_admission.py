"""A burst of streamed runs well above the database pool: never a 500.

Each in-process run holds a pooled business connection for its thread's advisory lock
while it takes others (recovery, its record, its tools), so without a bound a burst of
runs drains the pool and SQLAlchemy's pool timeout surfaced as a 500. Every request
must get either its whole stream (ending with ``end``) or a 503 / 409 with a sentence,
and the server must answer normally afterwards.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.api_helpers import Api, SlowModels, serve, sse_events

pytestmark = pytest.mark.postgres

QUESTION = "Which sponsors have not paid their invoices and what is our pipeline value?"
BURST = 50
"""Concurrent requests: over three times the business pool (5 + 10 overflow)."""


@pytest.fixture
async def api(postgres_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(
        postgres_url, tmp_path / "data", checkpoint_url=postgres_url, model=SlowModels(0.2)
    ) as running:
        yield running


async def _stream(api: Api, thread_id: str) -> httpx.Response:
    return await api.a.post(
        f"/threads/{thread_id}/runs/stream", json={"text": QUESTION}, timeout=300
    )


async def test_a_burst_above_the_pool_gets_streams_or_503s_never_a_500(api: Api) -> None:
    threads = [await api.new_thread() for _ in range(BURST)]
    # Two requests on one thread: the thread's second run is still a 409 (or waits, as any).
    responses = await asyncio.gather(*(_stream(api, t) for t in [*threads, threads[0]]))

    statuses = [r.status_code for r in responses]
    assert 500 not in statuses, [r.text for r in responses if r.status_code == 500][:3]
    completed = 0
    for response in responses:
        if response.status_code == 200:
            events = sse_events(response.text)
            assert events[-1][0] == "end", events[-3:]
            assert json.loads(events[-1][1])["status"] in ("done", "interrupted")
            completed += 1
        else:
            assert response.status_code in (409, 503), response.text
            assert response.json()["error"].endswith(".") or response.status_code == 409
            if response.status_code == 503:
                assert int(response.headers["Retry-After"]) >= 1
    assert completed >= 1

    assert (await api.anonymous.get("/health/ready")).status_code == 200
    again = await _stream(api, threads[-1])
    assert again.status_code == 200, again.text
    assert sse_events(again.text)[-1][0] == "end"


async def test_with_every_slot_taken_a_busy_thread_is_409_and_another_is_503(
    postgres_url: str, tmp_path: Path
) -> None:
    async with serve(
        postgres_url,
        tmp_path / "data",
        checkpoint_url=postgres_url,
        model=SlowModels(1.0),
        max_live_runs=1,
        run_slot_wait_seconds=0.1,
    ) as api:
        busy, other = await api.new_thread(), await api.new_thread()
        first = await api.a.post(f"/threads/{busy}/runs", json={"text": QUESTION})
        assert first.status_code == 202, first.text

        again = await api.a.post(f"/threads/{busy}/runs", json={"text": QUESTION})
        assert again.status_code == 409
        assert again.json()["error"] == f"thread {busy} is busy with another run"
        refused = await _stream(api, other)
        assert refused.status_code == 503
        assert refused.headers["Retry-After"] == "1"
        assert "(1); retry in a few seconds." in refused.json()["error"]

        cancelled = await api.a.post(f"/runs/{first.json()['run_id']}/cancel")
        assert cancelled.json()["status"] == "cancelled"
        served = await _stream(api, other)  # the slot came back with the run's end
        assert served.status_code == 200, served.text
        assert sse_events(served.text)[-1][0] == "end"
