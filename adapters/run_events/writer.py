"""A run's writer to its event log: never waits on the log, keeps the order, batches.

A run must not wait for Redis between two of its events, nor fail because its log
broke. ``put`` only buffers; one flushing task at a time sends what has piled up since
its last round trip in one ``extend`` (a pipeline on Redis), so a burst of events costs
one round trip and the graph never waits on the log. A flush waits ``LINGER_SECONDS``
before it sends, so the events of a few steps in a row (a node's update, then the next
node's; an AG-UI message's chunks) share a round trip instead of one each: a queue
worker's CPU goes to its runs, not to Redis calls. ``close`` cuts the wait short and
sends the rest with the end marker, in one round trip. After a failure the writer
drops further events (logged once): readers find the run ended through its record.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from adapters.run_events.protocol import RunEventLog

log = logging.getLogger("switchboard.run_events")

LINGER_SECONDS = 0.02
"""How long a flush gathers events before it sends them (how late a reader may see one)."""


class RunEventWriter:
    """Buffers one run's events and flushes them to its log in order."""

    def __init__(self, events: RunEventLog, run_id: str, *, linger: float = LINGER_SECONDS) -> None:
        self.events = events
        self.run_id = run_id
        self.linger = linger
        self.broken = False
        self._buffer: list[dict[str, Any]] = []
        self._flusher: asyncio.Task[None] | None = None
        self._closing = asyncio.Event()

    def put(self, event: dict[str, Any]) -> None:
        """Queue ``event`` for the log (a flush starts unless one is running)."""
        if self.broken:
            return
        self._buffer.append(event)
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.get_running_loop().create_task(
                self._flush(), name=f"run-events-{self.run_id}"
            )

    async def _flush(self) -> None:
        if self.linger > 0 and not self._closing.is_set():
            try:
                async with asyncio.timeout(self.linger):
                    await self._closing.wait()
            except TimeoutError:
                pass
        while self._buffer and not self.broken and not self._closing.is_set():
            batch, self._buffer = self._buffer, []
            try:
                await self.events.extend(self.run_id, batch)
            except Exception:
                self._broke("appending events")

    async def close(self) -> None:
        """Append what is queued and the end marker in one round trip.

        A flush still gathering leaves its events to this one; one already sending is
        waited for (the order stays).
        """
        self._closing.set()
        if self._flusher is not None:
            await self._flusher
        if not self.broken:
            batch, self._buffer = self._buffer, []
            try:
                await self.events.close(self.run_id, batch)
            except Exception:
                self._broke("closing")

    def _broke(self, doing: str) -> None:
        log.exception("run %s: %s of its event log failed; no more events", self.run_id, doing)
        self.broken = True
        self._buffer.clear()
