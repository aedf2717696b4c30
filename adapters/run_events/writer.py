"""A run's writer to its event log: never waits on the log, keeps the order, batches.

A run must not wait for Redis between two of its events, nor fail because its log
broke. ``put`` only buffers; one flushing task at a time sends what has piled up since
its last round trip in one ``extend`` (a pipeline on Redis), so a burst of events costs
one round trip and the graph never waits on the log. ``close`` flushes the rest, then
appends the end marker. After a failure the writer drops further events (logged once):
readers find the run ended through its record.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from adapters.run_events.protocol import RunEventLog

log = logging.getLogger("switchboard.run_events")


class RunEventWriter:
    """Buffers one run's events and flushes them to its log in order."""

    def __init__(self, events: RunEventLog, run_id: str) -> None:
        self.events = events
        self.run_id = run_id
        self.broken = False
        self._buffer: list[dict[str, Any]] = []
        self._flusher: asyncio.Task[None] | None = None

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
        while self._buffer and not self.broken:
            batch, self._buffer = self._buffer, []
            try:
                await self.events.extend(self.run_id, batch)
            except Exception:
                self._broke("appending events")

    async def close(self) -> None:
        """Flush what is queued, then append the end marker."""
        if self._flusher is not None:
            await self._flusher
        await self._flush()  # anything put after the last flush finished
        if not self.broken:
            try:
                await self.events.close(self.run_id)
            except Exception:
                self._broke("closing")

    def _broke(self, doing: str) -> None:
        log.exception("run %s: %s of its event log failed; no more events", self.run_id, doing)
        self.broken = True
        self._buffer.clear()
