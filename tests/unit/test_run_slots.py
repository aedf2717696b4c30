"""Run slots: a bound on runs at once, a short wait, then a retryable 503."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI
from psycopg_pool import PoolTimeout
from sqlalchemy import create_engine
from sqlalchemy.exc import TimeoutError as PoolExhaustedError

from domain.errors import ServiceBusyError
from server.errors import install_error_handlers
from server.services.run_slots import RunSlots, run_limit
from switchboard.settings import Settings


async def test_a_request_past_the_limit_waits_then_is_refused_with_a_retry_after() -> None:
    slots = RunSlots(2, wait_seconds=0.05)
    await slots.acquire()
    assert not slots.full()
    await slots.acquire()
    assert slots.full()
    with pytest.raises(ServiceBusyError) as refused:
        await slots.acquire()
    assert refused.value.retry_after == 1
    assert "retry in a few seconds" in str(refused.value)


async def test_a_slot_released_from_a_worker_thread_serves_a_waiting_request() -> None:
    slots = RunSlots(1, wait_seconds=5)
    await slots.acquire()
    waiting = asyncio.create_task(slots.acquire())
    await asyncio.sleep(0.01)
    assert not waiting.done()
    await asyncio.to_thread(slots.release)  # as record_end releases a run's locks
    await asyncio.wait_for(waiting, 2)


@pytest.mark.parametrize("limit", [1, None])
async def test_closed_slots_refuse_even_a_request_already_waiting(limit: int | None) -> None:
    slots = RunSlots(limit, wait_seconds=5)
    await slots.acquire()
    waiting = asyncio.create_task(slots.acquire())
    await asyncio.sleep(0.01)
    slots.close()  # a shutdown began
    slots.release()  # the running one ended: its slot must not start the waiting one
    if limit is not None:
        with pytest.raises(ServiceBusyError, match="shutting down"):
            await asyncio.wait_for(waiting, 2)
        assert not slots.full()  # the refused request gave its slot back
    else:
        await waiting  # unbounded slots never wait: it had its slot before the close
    with pytest.raises(ServiceBusyError, match="shutting down") as refused:
        await slots.acquire()
    assert refused.value.retry_after == 5


async def test_unbounded_slots_never_refuse() -> None:
    slots = RunSlots(None, wait_seconds=0)
    for _ in range(100):
        await slots.acquire()


def test_the_limit_is_half_the_postgres_pool_unless_set() -> None:
    postgres = create_engine("postgresql+psycopg://nobody@127.0.0.1/none", pool_size=6)
    sqlite = create_engine("sqlite:///unused.db")
    assert run_limit(Settings(), postgres) == (6 + 10) // 2
    assert run_limit(Settings(), sqlite) is None
    assert run_limit(Settings(max_live_runs=3), postgres) == 3
    assert run_limit(Settings(max_live_runs=3), sqlite) == 3


@pytest.mark.parametrize(
    "error",
    [
        ServiceBusyError("too many runs; retry in a few seconds.", retry_after=4),
        PoolExhaustedError("QueuePool limit of size 5 overflow 10 reached"),
        PoolTimeout("couldn't get a connection after 30.00 sec"),
    ],
)
async def test_an_exhausted_service_is_a_503_with_retry_after_not_a_500(error: Exception) -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/busy")
    async def busy() -> None:
        raise error

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/busy")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1
    assert response.json()["error"].endswith("retry in a few seconds.")
