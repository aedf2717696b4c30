"""Runs' event logs on Redis Streams: XADD, XREAD BLOCK, EXPIRE (redis-py asyncio).

Writes of a batch of events (and the end marker with the last batch) are one pipelined
round trip; the reads of every stream this process follows share one XREAD
(``adapters.run_events.redis_reader``).

One stream per run, ``switchboard:run-events:{run_id}``. Each entry holds one event as
JSON (field ``event``); the end-of-stream marker is an entry with field ``end``. A
stream is trimmed to about ``max_events`` entries, lives ``OPEN_TTL_SECONDS`` after its
last event while open (a run whose process died leaves no stream behind for ever), and
``retention_seconds`` once closed.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from typing import Any, Literal

from redis.asyncio import Redis

from adapters.run_events.protocol import check_event_id, one_by_one
from adapters.run_events.redis_reader import StreamPump

KEY_PREFIX = "switchboard:run-events:"
OPEN_TTL_SECONDS = 24 * 3600
"""How long an open log lives after its last event (its writer may have died)."""
BLOCK_MS = 15_000
"""The longest a single XREAD waits before it is sent again."""
READ_COUNT = 500
END_FIELD = "end"


class RedisRunEventLog:
    """Every run's log as its own Redis stream."""

    kind: Literal["redis", "in-process"] = "redis"

    def __init__(
        self,
        url: str,
        *,
        retention_seconds: float = 600.0,
        max_events: int = 10_000,
        prefix: str = KEY_PREFIX,
    ) -> None:
        self.redis: Redis = Redis.from_url(url, decode_responses=True)
        self.retention = max(1, int(retention_seconds))
        self.max_events = max_events
        self.prefix = prefix
        self.pump = StreamPump(url, block_ms=BLOCK_MS, count=READ_COUNT)
        """Every ``read`` of this log shares one XREAD (``redis_reader``)."""

    def key(self, run_id: str) -> str:
        """The Redis key of the run's stream."""
        return f"{self.prefix}{run_id}"

    async def _add(
        self, run_id: str, events: Sequence[dict[str, Any]], *, end: bool = False
    ) -> list[str]:
        """XADD each event (and the end marker) and set the TTL: one pipelined round trip."""
        key = self.key(run_id)
        async with self.redis.pipeline(transaction=False) as pipe:
            for event in events:
                data = json.dumps(event, separators=(",", ":"), ensure_ascii=False)
                pipe.xadd(key, {"event": data}, maxlen=self.max_events, approximate=True)
            if end:
                pipe.xadd(key, {END_FIELD: "1"}, maxlen=self.max_events, approximate=True)
            pipe.expire(key, self.retention if end else OPEN_TTL_SECONDS)
            replies = await pipe.execute()
        return [str(event_id) for event_id in replies[:-1]]

    async def append(self, run_id: str, event: dict[str, Any]) -> str:
        [event_id] = await self.extend(run_id, [event])
        return event_id

    async def extend(self, run_id: str, events: Sequence[dict[str, Any]]) -> list[str]:
        return await self._add(run_id, events) if events else []

    async def close(self, run_id: str, events: Sequence[dict[str, Any]] = ()) -> str:
        return (await self._add(run_id, events, end=True))[-1]

    def read(
        self, run_id: str, after: str | None = None
    ) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        return one_by_one(self.read_batches(run_id, after))

    async def read_batches(
        self, run_id: str, after: str | None = None
    ) -> AsyncIterator[list[tuple[str, dict[str, Any]]]]:
        cursor = check_event_id(after, "after") or "0-0"
        entries = self.pump.follow(self.key(run_id), cursor, self.redis)
        try:
            async for fetched in entries:
                batch: list[tuple[str, dict[str, Any]]] = []
                for event_id, fields in fetched:
                    if END_FIELD in fields:
                        if batch:
                            yield batch
                        return
                    batch.append((event_id, json.loads(fields["event"])))
                yield batch
        finally:
            await entries.aclose()  # leaves the pump at once, not when collected

    async def exists(self, run_id: str) -> bool:
        return bool(await self.redis.exists(self.key(run_id)))

    async def aclose(self) -> None:
        await self.pump.aclose()
        await self.redis.aclose()

    async def delete(self, *run_ids: str) -> None:
        """Drop these runs' logs (tests and benchmarks clean up with it)."""
        if run_ids:
            await self.redis.delete(*(self.key(r) for r in run_ids))
