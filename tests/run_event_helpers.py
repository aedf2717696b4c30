"""Shared by the run event log tests: a log of either kind, under a key prefix of its own."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from adapters.run_events import RunEventLog
from adapters.run_events.in_process import InProcessRunEventLog
from adapters.run_events.redis_streams import RedisRunEventLog


@asynccontextmanager
async def open_log(
    kind: str, redis_url: str | None = None, **options: Any
) -> AsyncIterator[RunEventLog]:
    """An in-process log, or Redis Streams under a prefix of its own (deleted afterwards)."""
    if kind == "in-process":
        yield InProcessRunEventLog(**options)
        return
    assert redis_url, "a Redis log needs a URL"
    log = RedisRunEventLog(redis_url, prefix=f"test-{uuid.uuid4().hex[:8]}:run-events:", **options)
    try:
        yield log
    finally:
        keys = [key async for key in log.redis.scan_iter(match=f"{log.prefix}*")]
        if keys:
            await log.redis.delete(*keys)
        await log.aclose()


async def read_all(
    log: RunEventLog, run_id: str, after: str | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """Everything ``read`` yields (the log must be closed, or this waits)."""
    return [item async for item in log.read(run_id, after)]


def event(n: int) -> dict[str, Any]:
    """The ``n``-th test event."""
    return {"event": "updates", "data": {"n": n, "text": f"step {n} – ünïcode"}}
