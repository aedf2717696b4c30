"""Runs' event logs in this process's memory, with the Redis Streams log's rules.

Ids count per run (``"0-1"``, ``"0-2"``...). A closed log is dropped once its retention
has passed (checked whenever the logs are used), or sooner when more than ``max_ended``
logs have ended; so is a log that a reader asked for and nobody wrote, once no reader
waits on it. Nothing survives the process.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from adapters.run_events.protocol import id_key, one_by_one

MAX_EVENTS = 10_000
"""Events kept per run; older ones are dropped first (as Redis trims a stream)."""
MAX_ENDED = 1_000
"""Ended logs kept at most, oldest dropped first even within their retention: memory
stays bounded under load (1 000 console runs ≈ 40 MB); Redis keeps them all."""


@dataclass
class _Log:
    entries: list[dict[str, Any]] = field(default_factory=list)
    dropped: int = 0
    """Events trimmed from the front: ``entries[i]`` has sequence number ``dropped + i + 1``."""
    closed: bool = False
    readers: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def last(self) -> int:
        return self.dropped + len(self.entries)

    def notify(self) -> None:
        self.changed.set()
        self.changed = asyncio.Event()


class InProcessRunEventLog:
    """Every run's log in a dict; readers wake on each append."""

    kind: Literal["redis", "in-process"] = "in-process"

    def __init__(
        self,
        *,
        retention_seconds: float = 600.0,
        max_events: int = MAX_EVENTS,
        max_ended: int = MAX_ENDED,
    ) -> None:
        self.retention = retention_seconds
        self.max_events = max_events
        self.max_ended = max_ended
        self._logs: dict[str, _Log] = {}
        self._expiring: dict[str, float] = {}
        """Run ids whose logs may be dropped, with when (in that order: one retention)."""

    def _purge(self) -> None:
        now = time.monotonic()
        excess = len(self._expiring) - self.max_ended
        for run_id, deadline in list(self._expiring.items()):
            if deadline > now and excess <= 0:
                break
            del self._expiring[run_id]
            excess -= 1
            log = self._logs.get(run_id)
            if log is not None and log.readers == 0 and (log.closed or not log.entries):
                del self._logs[run_id]

    def _expire_later(self, run_id: str) -> None:
        self._expiring.pop(run_id, None)
        self._expiring[run_id] = time.monotonic() + self.retention

    def _log(self, run_id: str) -> _Log:
        log = self._logs.get(run_id)
        if log is None:
            log = self._logs[run_id] = _Log()
            self._expire_later(run_id)  # dropped unless someone writes to it
        return log

    async def append(self, run_id: str, event: dict[str, Any]) -> str:
        [event_id] = await self.extend(run_id, [event])
        return event_id

    async def extend(self, run_id: str, events: Sequence[dict[str, Any]]) -> list[str]:
        self._purge()
        log = self._log(run_id)
        self._expiring.pop(run_id, None)
        first = log.last + 1
        log.entries.extend(events)
        if len(log.entries) > self.max_events:
            cut = len(log.entries) - self.max_events
            del log.entries[:cut]
            log.dropped += cut
        log.notify()
        return [f"0-{n}" for n in range(first, log.last + 1)]

    async def close(self, run_id: str, events: Sequence[dict[str, Any]] = ()) -> str:
        if events:
            await self.extend(run_id, events)
        self._purge()
        log = self._log(run_id)
        log.closed = True
        self._expire_later(run_id)
        log.notify()
        return f"0-{log.last + 1}"

    def read(
        self, run_id: str, after: str | None = None
    ) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        return one_by_one(self.read_batches(run_id, after))

    async def read_batches(
        self, run_id: str, after: str | None = None
    ) -> AsyncIterator[list[tuple[str, dict[str, Any]]]]:
        self._purge()
        log = self._log(run_id)
        position = id_key(after)[1] if after is not None and id_key(after)[0] == 0 else 0
        if after is not None and id_key(after)[0] != 0:
            position = log.last  # an id from another log: only what comes next
        log.readers += 1
        try:
            while True:
                changed = log.changed
                if position < log.last:  # all that is there, from the oldest one kept
                    first, position = max(position, log.dropped) + 1, log.last
                    kept = log.entries[first - log.dropped - 1 :]
                    yield [(f"0-{n}", entry) for n, entry in enumerate(kept, first)]
                    continue  # more may have come while the batch was written
                if log.closed:
                    return
                await changed.wait()
        finally:
            log.readers -= 1
            idle = log.readers == 0 and (log.closed or not log.entries)
            if idle and run_id not in self._expiring and self._logs.get(run_id) is log:
                self._expire_later(run_id)  # its turn to expire passed while it was read

    async def exists(self, run_id: str) -> bool:
        self._purge()
        log = self._logs.get(run_id)
        return log is not None and (log.closed or bool(log.entries) or log.dropped > 0)

    async def aclose(self) -> None:
        return None
