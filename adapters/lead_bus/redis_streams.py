"""The lead bus on Redis Streams: XADD, XREADGROUP, XAUTOCLAIM, XACK (redis-py asyncio)."""

from __future__ import annotations

from typing import Any, Literal

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from adapters.lead_bus.protocol import GROUPS, Delivery
from domain.leads.events import STAGES, LeadEvent, Stage, event_name, input_event

STREAM_MAXLEN = 100_000
"""Entries kept per stream (approximate trim); acknowledged history beyond it goes."""


class RedisStreamsBus:
    """One stream per event (``<prefix>lead.sourced``), one consumer group per stage."""

    kind: Literal["redis", "in-process"] = "redis"

    def __init__(self, url: str, *, prefix: str = "switchboard:") -> None:
        self.prefix = prefix
        self.redis: Redis = Redis.from_url(url, decode_responses=True)

    def stream(self, name: str) -> str:
        """The Redis key of the stream of event ``name``."""
        return f"{self.prefix}{name}"

    def _input(self, stage: Stage) -> str:
        return self.stream(input_event(stage))

    async def publish(self, event: LeadEvent) -> str:
        fields: dict[Any, Any] = event.fields()
        message_id = await self.redis.xadd(
            self.stream(event.name), fields, maxlen=STREAM_MAXLEN, approximate=True
        )
        return str(message_id)

    async def ensure_group(self, stage: Stage) -> None:
        try:
            await self.redis.xgroup_create(self._input(stage), GROUPS[stage], id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    async def read(
        self, stage: Stage, consumer: str, *, count: int, block: float
    ) -> list[Delivery]:
        reply = await self.redis.xreadgroup(
            GROUPS[stage],
            consumer,
            {self._input(stage): ">"},
            count=count,
            block=max(1, int(block * 1000)),
        )
        return [
            Delivery(message_id, LeadEvent.from_fields(fields))
            for _, entries in reply or []
            for message_id, fields in entries
            if fields
        ]

    async def claim_stale(
        self, stage: Stage, consumer: str, *, min_idle: float, count: int
    ) -> list[Delivery]:
        reply = await self.redis.xautoclaim(
            self._input(stage),
            GROUPS[stage],
            consumer,
            min_idle_time=int(min_idle * 1000),
            start_id="0-0",
            count=count,
        )
        entries, deleted = reply[1], reply[2] if len(reply) > 2 else []
        if deleted:  # trimmed away while pending: nothing left to do for them
            await self.redis.xack(self._input(stage), GROUPS[stage], *deleted)
        return [
            Delivery(message_id, LeadEvent.from_fields(fields), claimed=True)
            for message_id, fields in entries
            if fields
        ]

    async def ack(self, stage: Stage, delivery: Delivery) -> None:
        await self.redis.xack(self._input(stage), GROUPS[stage], delivery.message_id)

    async def pending(self, stage: Stage) -> int:
        summary = await self.redis.xpending(self._input(stage), GROUPS[stage])
        return int(summary["pending"])

    async def backlog(self, stage: Stage) -> int:
        for group in await self.redis.xinfo_groups(self._input(stage)):
            if group["name"] == GROUPS[stage]:
                return int(group.get("lag") or 0)
        return 0

    async def aclose(self) -> None:
        await self.redis.aclose()

    async def delete_streams(self) -> None:
        """Drop every stream of this prefix (tests and benchmarks clean up with it)."""
        await self.redis.delete(*(self.stream(event_name(s)) for s in STAGES))
