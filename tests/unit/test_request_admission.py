"""Request admission: a bound on requests working on the database, below the threads."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import create_engine

from domain.errors import ServiceBusyError
from server.services.request_admission import THREAD_RESERVE, RequestAdmission, request_limit
from switchboard.settings import Settings


async def test_a_request_past_the_limit_waits_for_a_permit_then_is_refused() -> None:
    admission = RequestAdmission(1, wait_seconds=0.05)
    async with admission.permit():
        with pytest.raises(ServiceBusyError) as refused:
            async with admission.permit():
                pass  # pragma: no cover - never admitted
    assert refused.value.retry_after == 1
    assert "(1 at once); retry in a few seconds." in str(refused.value)


async def test_a_permit_comes_back_when_its_block_fails_and_serves_the_next_waiter() -> None:
    admission = RequestAdmission(1, wait_seconds=5)
    order: list[str] = []

    async def failing() -> None:
        async with admission.permit():
            order.append("first in")
            await asyncio.sleep(0.02)
            raise ValueError("the route failed")

    async def waiting() -> None:
        async with admission.permit():
            order.append("second in")

    results = await asyncio.gather(failing(), waiting(), return_exceptions=True)
    assert isinstance(results[0], ValueError)
    assert order == ["first in", "second in"]


async def test_the_limit_is_what_runs_leave_of_the_pool_and_below_the_threads() -> None:
    postgres = create_engine("postgresql+psycopg://nobody@127.0.0.1/none", pool_size=6)
    # 16 connections, half kept for runs: 8 for requests.
    assert request_limit(Settings(), postgres) == 16 - 8
    assert request_limit(Settings(max_live_runs=2), postgres) == 16 - 2
    assert request_limit(Settings(max_live_runs=16), postgres) == 1
    assert request_limit(Settings(max_db_requests=3), postgres) == 3
    big = create_engine("postgresql+psycopg://nobody@127.0.0.1/none", pool_size=200)
    # anyio's default limiter has 40 threads; a permit holder must always find one.
    assert request_limit(Settings(max_live_runs=1), big) == 40 - THREAD_RESERVE
    assert request_limit(Settings(max_db_requests=500), big) == 40 - THREAD_RESERVE
