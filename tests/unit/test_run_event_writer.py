"""A run's event writer sends a few steps' events in one round trip and ends in one more.

Each ``extend`` is a Redis round trip in a queue worker; counting them on an in-process
log shows the batching: events put a few milliseconds apart share one, and ``close``
sends what is left with the end marker at once, without waiting out the linger.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

from adapters.run_events.in_process import InProcessRunEventLog
from adapters.run_events.writer import RunEventWriter


class CountingLog(InProcessRunEventLog):
    """An in-process log that remembers each call's batch."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, int]] = []

    async def extend(self, run_id: str, events: Sequence[dict[str, Any]]) -> list[str]:
        self.calls.append(("extend", len(events)))
        return await super().extend(run_id, events)

    async def close(self, run_id: str, events: Sequence[dict[str, Any]] = ()) -> str:
        self.calls.append(("close", len(events)))
        return await super().extend(run_id, events) and await super().close(run_id)


def event(n: int) -> dict[str, Any]:
    return {"event": "updates", "data": {"n": n}}


async def events_of(log: InProcessRunEventLog, run_id: str) -> list[dict[str, Any]]:
    return [e async for _, e in log.read(run_id)]


async def test_events_put_a_few_milliseconds_apart_share_one_round_trip() -> None:
    log = CountingLog()
    writer = RunEventWriter(log, "run-1", linger=0.2)
    for n in range(3):
        writer.put(event(n))
        await asyncio.sleep(0.005)  # the next node's update comes a little later
    await asyncio.sleep(0.3)
    assert log.calls == [("extend", 3)]
    writer.put(event(3))
    await writer.close()
    assert log.calls == [("extend", 3), ("close", 1)]
    assert await events_of(log, "run-1") == [event(n) for n in range(4)]


async def test_close_sends_the_rest_with_the_end_marker_without_waiting_out_the_linger() -> None:
    log = CountingLog()
    writer = RunEventWriter(log, "run-1", linger=30)
    writer.put(event(0))
    writer.put(event(1))
    started = time.monotonic()
    await writer.close()
    assert time.monotonic() - started < 5
    assert log.calls[-1][0] == "close"
    assert sum(n for _, n in log.calls) == 2
    assert await events_of(log, "run-1") == [event(0), event(1)]
