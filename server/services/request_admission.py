"""How many requests work on the business database at once, so a burst cannot stall it.

FastAPI runs a sync dependency with ``yield``, the route after it and the response's
validation each in a hop of its own on anyio's worker threads (40 by default). A tenant
scope (``server.deps``) opens its pooled connection in the first hop and keeps it until
after the last, so a request holds a connection while it waits for a thread. With a
hundred requests at once, every thread was taken by a request waiting for a connection
and every connection by a request waiting for a thread: nothing moved until the pool's
30 s timeout answered 503 to most of the burst (65 of 100 ``POST /threads``).

A request now takes a permit before each stretch of database work that runs on worker
threads (the API key's lookup, then its tenant scope from opening to commit) and waits
for it on the event loop, where waiting holds neither a thread nor a connection. There
are fewer permits than worker threads, so a request holding a connection always finds a
thread for its next hop; and by default no more than the connections runs leave free,
so a permit holder rarely waits for the pool either. A request that finds no permit for
``db_admission_wait_seconds`` is refused with ``ServiceBusyError`` (503, Retry-After).
Stretches are taken one after the other, never nested, so a request never holds one
permit while waiting for another.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from anyio.to_thread import current_default_thread_limiter
from sqlalchemy import Engine

from domain.errors import ServiceBusyError
from server.services.run_slots import pool_capacity, run_limit
from switchboard.settings import Settings

if TYPE_CHECKING:
    from server.runtime import AppRuntime

THREAD_RESERVE = 8
"""Worker threads kept out of the permits, for work that takes no permit (a route
without database work, a sign-in) so it cannot take the last thread a permit holder needs."""


class RequestAdmission:
    """A bounded count of requests in a stretch of database work (``permit``)."""

    def __init__(self, limit: int, wait_seconds: float) -> None:
        self.limit = limit
        self.wait_seconds = wait_seconds
        self._free = asyncio.Semaphore(limit)

    @asynccontextmanager
    async def permit(self) -> AsyncIterator[None]:
        """Hold a permit for the block, waiting up to ``wait_seconds`` for one.

        Raises:
            ServiceBusyError: every permit stayed taken for the whole wait.
        """
        try:
            async with asyncio.timeout(self.wait_seconds):
                await self._free.acquire()
        except TimeoutError:
            raise ServiceBusyError(
                f"this server is answering as many requests on its database as it can "
                f"({self.limit} at once); retry in a few seconds.",
                retry_after=max(1, math.ceil(self.wait_seconds)),
            ) from None
        try:
            yield
        finally:
            self._free.release()


def request_limit(settings: Settings, engine: Engine) -> int:
    """Requests at once: the setting, else the pool's connections that runs leave free
    (all of it when the pool is unbounded); never more than the worker threads less
    ``THREAD_RESERVE``. Call on the event loop: it reads anyio's thread limiter."""
    threads = int(current_default_thread_limiter().total_tokens)
    ceiling = max(1, threads - THREAD_RESERVE)
    if settings.max_db_requests is not None:
        return min(settings.max_db_requests, ceiling)
    capacity = pool_capacity(engine)
    if capacity is None:
        return ceiling
    return min(max(1, capacity - (run_limit(settings, engine) or 0)), ceiling)


def request_admission(runtime: AppRuntime) -> RequestAdmission:
    """The process's request admission, built on first use from its settings and engine."""
    if runtime.request_admission is None:
        settings = runtime.services.settings
        runtime.request_admission = RequestAdmission(
            request_limit(settings, runtime.services.engine), settings.db_admission_wait_seconds
        )
    return runtime.request_admission
