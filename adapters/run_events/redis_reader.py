"""One XREAD for every run stream a process follows, instead of one per stream and event.

An API process streams tens of runs at once. Read one by one, each stream holds a pooled
connection in its own ``XREAD BLOCK`` and pays a round trip per event; a read that a
stream's idle check cancels costs a reconnect (redis-py drops a connection whose
command was cancelled). Here one task (the pump) reads every followed stream with a
single ``XREAD BLOCK`` on a connection of its own and hands each entry to the readers
of its stream, so a burst of events across many runs costs one round trip, and a reader
that stops waiting cancels nothing on Redis. After a read that brought entries the pump
waits ``GATHER_SECONDS`` before the next, so the events of many runs share a read.

A reader that arrives while the pump is blocked on the other streams wakes it with
``CLIENT UNBLOCK`` (the blocked XREAD answers as if it timed out, and the pump reads
again with the new stream). An error of the pump's read (Redis gone) is raised in every
reader, as each one's own read raised it before; the next reader starts a new pump.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis

from adapters.run_events.protocol import id_key

Entry = tuple[str, dict[str, str]]
"""A stream entry as XREAD returns it: its id and its fields."""

UNBLOCK_TRIES = 8
"""How often a wake-up is sent while the pump's XREAD has not reached Redis yet (waiting
5 ms, then twice as long each time: about 1.3 s in all)."""
GATHER_SECONDS = 0.01
"""How long the pump lets entries pile up after a read that brought some (one XREAD for
the events of many runs, not one per event, when many runs stream at once)."""


@dataclass(eq=False)
class StreamReader:
    """One reader of one stream: entries fetched for it and not yet taken."""

    key: str
    fetched: str
    """The id of the last entry fetched for this reader (``0-0``: none yet)."""
    entries: deque[Entry] = field(default_factory=deque)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    error: BaseException | None = None

    def take(self, entries: list[Entry], asked: str) -> None:
        """Keep the entries after ``fetched`` of a read that asked from ``asked``.

        A read asked from a later position than this reader has fetched when the reader
        came after the read was sent (another reader of the stream was further on): its
        entries would leave a gap before them, so they are left to the next read, which
        asks from this reader's position.
        """
        after = id_key(self.fetched)
        if id_key(asked) > after:
            return
        fresh = [e for e in entries if id_key(e[0]) > after]
        if fresh:
            self.entries.extend(fresh)
            self.fetched = fresh[-1][0]
            self.arrived.set()


class StreamPump:
    """Reads every followed stream of a process with one blocking XREAD at a time."""

    def __init__(self, url: str, *, block_ms: int, count: int) -> None:
        self.url = url
        self.block_ms = block_ms
        self.count = count
        self._readers: dict[str, set[StreamReader]] = {}
        self._task: asyncio.Task[None] | None = None
        self._client: Redis | None = None
        self._client_id: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._reading: int | None = None
        """The number of the XREAD in flight (None between reads)."""
        self._asked: dict[str, str] = {}
        """The streams and positions the XREAD in flight asked for."""
        self._reads = 0
        self._waking: asyncio.Task[None] | None = None
        self._waking_read: int | None = None
        """The number of the XREAD ``_waking`` unblocks."""

    async def follow(self, key: str, after: str, waker: Redis) -> AsyncGenerator[list[Entry]]:
        """The stream's entries after ``after``, as they come (the caller stops reading).

        Each list holds every entry fetched for this reader and not yet taken, in order.
        ``waker`` is a client on another connection, for ``CLIENT UNBLOCK``.
        """
        self._bind_loop()
        reader = StreamReader(key, after)
        self._readers.setdefault(key, set()).add(reader)
        try:
            self._start_or_wake(waker, key, after)
            while True:
                if reader.entries:
                    fetched = list(reader.entries)
                    reader.entries.clear()
                    yield fetched
                    continue
                if reader.error is not None:
                    raise reader.error
                reader.arrived.clear()
                await reader.arrived.wait()
        finally:
            readers = self._readers.get(key)
            if readers is not None:
                readers.discard(reader)
                if not readers:
                    del self._readers[key]

    def _bind_loop(self) -> None:
        """Start afresh in a new event loop (the last one's task and client are gone)."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop, self._task, self._client, self._client_id = loop, None, None, None
            self._readers, self._reading, self._waking, self._asked = {}, None, None, {}

    def _start_or_wake(self, waker: Redis, key: str, after: str) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(
                self._pump(), name="run-events-pump"
            )
            return
        asked = self._asked.get(key)
        if asked is not None and id_key(asked) <= id_key(after):
            return  # the read in flight covers it (a stream's reader that read again)
        if self._reading is None:
            return  # between reads: the next one asks for every reader's position
        waking = self._waking is not None and not self._waking.done()
        if waking and self._waking_read == self._reading:
            return  # this read is being woken already
        # A wake still going for an earlier read would not unblock the one in flight.
        self._waking_read = self._reading
        self._waking = asyncio.get_running_loop().create_task(
            self._wake(waker, self._reading), name="run-events-wake"
        )

    async def _wake(self, waker: Redis, read: int) -> None:
        """Unblock XREAD number ``read`` (sent again while Redis has not blocked it yet)."""
        for attempt in range(UNBLOCK_TRIES):
            if self._reading != read or self._client_id is None:
                return  # it returned by itself; the next read has every stream
            with contextlib.suppress(Exception):  # the pump's own read reports Redis errors
                if await waker.client_unblock(self._client_id):
                    return
            await asyncio.sleep(0.005 * 2**attempt)

    async def _pump(self) -> None:
        try:
            while self._readers:
                client = await self._connected()
                # No await from here to the XREAD being sent: a reader that comes later
                # sees ``_reading`` set and wakes this read.
                streams = self._positions()
                if not streams:  # every reader has a full buffer: wait for one to drain
                    await asyncio.sleep(0.01)
                    continue
                self._reads += 1
                self._reading, self._asked = self._reads, streams
                try:
                    reply = await client.xread(streams, count=self.count, block=self.block_ms)
                finally:
                    self._reading, self._asked = None, {}
                for key, entries in reply or []:
                    for reader in list(self._readers.get(key, ())):
                        reader.take(entries, streams.get(key, "0-0"))
                if reply:
                    await asyncio.sleep(GATHER_SECONDS)
        except BaseException as exc:  # Redis gone, or the loop shutting down
            await self._drop_client()
            for readers in self._readers.values():
                for reader in readers:
                    reader.error = exc if isinstance(exc, Exception) else ConnectionError(str(exc))
                    reader.arrived.set()
            if not isinstance(exc, Exception):
                raise

    def _positions(self) -> dict[Any, Any]:
        """Each followed stream with the earliest position one of its readers needs."""
        streams: dict[Any, Any] = {}
        for key, readers in self._readers.items():
            wanting = [r.fetched for r in readers if len(r.entries) < self.count]
            if wanting:
                streams[key] = min(wanting, key=id_key)
        return streams

    async def _connected(self) -> Redis:
        if self._client is None:
            client = Redis.from_url(self.url, decode_responses=True, single_connection_client=True)
            self._client_id = int(await client.client_id())
            self._client = client
        return self._client

    async def _drop_client(self) -> None:
        client, self._client, self._client_id = self._client, None, None
        if client is not None:
            with contextlib.suppress(Exception):
                await client.aclose()

    async def aclose(self) -> None:
        """Stop the pump and close its connection."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        await self._drop_client()
