"""How many runs this process executes at once, so a burst never drains the database pool.

An in-process run on Postgres holds a pooled business connection for its thread's
advisory lock for as long as it runs, and takes others while it runs (recovery, its
record, its tools' sessions). Without a bound, a burst of runs each took its lock
connection and then waited for a second one the others held: the pool ran dry and
SQLAlchemy's pool timeout became a 500 for every request in the burst.

A run takes a slot before its thread's lock and gives it back when its task ends. A
request finding no slot waits up to ``run_slot_wait_seconds`` for one, then is refused
with ``ServiceBusyError`` (HTTP 503 with ``Retry-After``): the client retries later
rather than timing out. A server shutting down closes its slots (``close``): from then on
every request is refused at once, so no run starts after the shutdown has taken stock of
the runs to stop. By default the bound is derived from the business pool (half
of it, so each run can have its lock and one more connection while other requests
still get theirs); ``max_live_runs`` sets it. On SQLite the lock holds no connection,
so runs are unbounded unless ``max_live_runs`` is set.
"""

from __future__ import annotations

import asyncio
import math

from sqlalchemy import Engine
from sqlalchemy.pool import QueuePool

from domain.errors import ServiceBusyError
from switchboard.settings import Settings


class RunSlots:
    """A bounded count of runs executing in this process (unbounded when ``limit`` is None)."""

    def __init__(self, limit: int | None, wait_seconds: float) -> None:
        self.limit = limit
        self.wait_seconds = wait_seconds
        self._free = asyncio.Semaphore(limit) if limit is not None else None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.closed = False

    def close(self) -> None:
        """Take no more runs (the server is shutting down); waiting requests are refused."""
        self.closed = True

    def full(self) -> bool:
        """Whether a request now would have to wait for a slot."""
        return self._free is not None and self._free.locked()

    async def acquire(self) -> None:
        """Take a slot, waiting up to ``wait_seconds`` for one.

        Raises:
            ServiceBusyError: every slot stayed taken for the whole wait, or the slots
                are closed (before the wait or during it).
        """
        self._refuse_if_closed()
        if self._free is None:
            return
        self._loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self.wait_seconds):
                await self._free.acquire()
        except TimeoutError:
            raise ServiceBusyError(
                f"this server is running as many runs as its database pool allows "
                f"({self.limit}); retry in a few seconds.",
                retry_after=self._retry_after(),
            ) from None
        if self.closed:  # closed while this request waited: the slot goes back unused
            self._free.release()
            self._refuse_if_closed()

    def _refuse_if_closed(self) -> None:
        if self.closed:
            raise ServiceBusyError(
                "this server is shutting down and starts no new run; retry in a few seconds.",
                retry_after=self._retry_after(),
            )

    def _retry_after(self) -> int:
        return max(1, math.ceil(self.wait_seconds))

    def release(self) -> None:
        """Give a slot back (a run ended, or its start failed); safe from worker threads.

        A run's slot is released with its thread's lock, which ``record_end`` releases
        in a worker thread; an asyncio semaphore is only touched on its own loop.
        """
        if self._free is None:
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # a worker thread: hand the release to the slots' loop
            assert self._loop is not None, "released before any acquire"
            self._loop.call_soon_threadsafe(self._free.release)
            return
        self._free.release()


def pool_capacity(engine: Engine) -> int | None:
    """How many connections ``engine``'s pool hands out at most (None: no fixed bound)."""
    pool = engine.pool
    if not isinstance(pool, QueuePool):
        return None
    overflow = pool._max_overflow  # no public accessor; -1 means unbounded
    return None if overflow < 0 else pool.size() + overflow


def run_limit(settings: Settings, engine: Engine) -> int | None:
    """The runs a process executes at once: the setting, else half the Postgres pool."""
    if settings.max_live_runs is not None:
        return settings.max_live_runs
    if engine.dialect.name != "postgresql":
        return None
    capacity = pool_capacity(engine)
    return None if capacity is None else max(1, capacity // 2)


def slots_for(settings: Settings, engine: Engine) -> RunSlots:
    """The process's run slots from its settings and business engine."""
    return RunSlots(run_limit(settings, engine), settings.run_slot_wait_seconds)
