"""Worker heartbeats: one Redis key per worker, renewed well within its time to live.

A worker that stops (kill -9, a lost machine) stops renewing its key and Redis expires
it; the key's absence is how the sweeper knows the worker is dead.
"""

from __future__ import annotations

from collections.abc import Collection

from redis.asyncio import Redis


class WorkerRegistry:
    """The heartbeat keys ``<prefix><worker id>`` of a queue's workers."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix

    async def beat(self, worker_id: str, ttl_seconds: float) -> None:
        """Say ``worker_id`` is alive for the next ``ttl_seconds``."""
        await self.redis.set(self.prefix + worker_id, b"1", px=max(1, int(ttl_seconds * 1000)))

    async def forget(self, worker_id: str) -> None:
        """The worker stopped cleanly."""
        await self.redis.delete(self.prefix + worker_id)

    async def alive(self, worker_ids: Collection[str]) -> set[str]:
        """Which of ``worker_ids`` beat recently."""
        ids = list(dict.fromkeys(worker_ids))
        if not ids:
            return set()
        async with self.redis.pipeline(transaction=False) as pipe:
            for worker_id in ids:
                pipe.exists(self.prefix + worker_id)
            found = await pipe.execute()
        return {worker_id for worker_id, exists in zip(ids, found, strict=True) if exists}

    async def count(self) -> int:
        """How many workers beat recently."""
        total = 0
        async for _ in self.redis.scan_iter(match=self.prefix + "*", count=100):
            total += 1
        return total
