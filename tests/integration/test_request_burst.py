"""A burst of ordinary requests far above the database pool and the worker threads.

A tenant scope (``server.deps``) opens its pooled connection in one worker-thread hop and
keeps it through the route's hop and the response's validation hop. With a hundred
requests at once, every worker thread was taken by a request waiting for a connection
and every connection by a request waiting for a thread: nothing moved until the pool's
30 s timeout answered 503 to most of the burst. Every request here must get its answer,
and soon.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.api_helpers import Api, serve

pytestmark = pytest.mark.postgres

BURST = 150
"""Concurrent requests: ten times the business pool (5 + 10 overflow), over three times
the worker threads (40)."""


@pytest.fixture
async def api(postgres_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(postgres_url, tmp_path / "data", checkpoint_url=postgres_url) as running:
        yield running


async def test_a_burst_of_thread_creations_all_succeed_without_waiting_out_the_pool(
    api: Api,
) -> None:
    started = time.monotonic()
    responses = await asyncio.gather(*(api.a.post("/threads", json={}) for _ in range(BURST)))
    elapsed = time.monotonic() - started

    statuses = sorted({r.status_code for r in responses})
    assert statuses == [201], [r.text for r in responses if r.status_code != 201][:2]
    assert len({r.json()["id"] for r in responses}) == BURST
    # The pool's own timeout is 30 s: a burst that stalled until it fired took that long.
    assert elapsed < 20, f"{BURST} thread creations took {elapsed:.1f} s"


async def test_a_burst_of_reads_and_writes_mixed_all_succeed(api: Api) -> None:
    thread = (await api.a.post("/threads", json={})).json()["id"]
    requests = [
        api.a.get(f"/threads/{thread}") if i % 3 else api.a.post("/threads", json={})
        for i in range(BURST)
    ]
    responses = await asyncio.gather(*requests)
    assert {r.status_code for r in responses} <= {200, 201}, [
        r.text for r in responses if r.status_code >= 300
    ][:2]
