"""The lead bus in this process's memory, with Redis Streams' delivery rules.

Each consumer stage's group gets every event published to its input stream; a read
event is pending for its consumer until acknowledged, and another consumer claims it
after it sat ``min_idle`` seconds (a consumer task cancelled between its read and its
ack). Nothing survives the process: the workers' sweep re-publishes what a restart lost
(``domain.leads.sweep``).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Literal

from adapters.lead_bus.protocol import Delivery
from domain.leads.events import CONSUMER_STAGES, LeadEvent, Stage, input_event


@dataclass
class _Pending:
    event: LeadEvent
    consumer: str
    since: float


@dataclass
class _Group:
    waiting: deque[tuple[str, LeadEvent]] = field(default_factory=deque)
    pending: dict[str, _Pending] = field(default_factory=dict)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)


class InProcessBus:
    """Consumer groups for every consumer stage, created with the bus."""

    kind: Literal["redis", "in-process"] = "in-process"

    def __init__(self) -> None:
        self._groups: dict[Stage, _Group] = {stage: _Group() for stage in CONSUMER_STAGES}
        self._ids = itertools.count(1)

    async def publish(self, event: LeadEvent) -> str:
        message_id = f"{int(time.time() * 1000)}-{next(self._ids)}"
        for stage, group in self._groups.items():
            if input_event(stage) == event.name:
                group.waiting.append((message_id, event))
                group.arrived.set()
        return message_id

    async def ensure_group(self, stage: Stage) -> None:
        self._groups.setdefault(stage, _Group())

    async def read(
        self, stage: Stage, consumer: str, *, count: int, block: float
    ) -> list[Delivery]:
        group = self._groups[stage]
        if not group.waiting:
            group.arrived.clear()
            try:
                await asyncio.wait_for(group.arrived.wait(), timeout=block)
            except TimeoutError:
                return []
        out: list[Delivery] = []
        now = time.monotonic()
        while group.waiting and len(out) < count:
            message_id, event = group.waiting.popleft()
            group.pending[message_id] = _Pending(event, consumer, now)
            out.append(Delivery(message_id, event))
        return out

    async def claim_stale(
        self, stage: Stage, consumer: str, *, min_idle: float, count: int
    ) -> list[Delivery]:
        group = self._groups[stage]
        now = time.monotonic()
        out: list[Delivery] = []
        for message_id, entry in list(group.pending.items()):
            if len(out) >= count:
                break
            if now - entry.since >= min_idle:
                entry.consumer, entry.since = consumer, now
                out.append(Delivery(message_id, entry.event, claimed=True))
        return out

    async def ack(self, stage: Stage, delivery: Delivery) -> None:
        self._groups[stage].pending.pop(delivery.message_id, None)

    async def pending(self, stage: Stage) -> int:
        return len(self._groups[stage].pending)

    async def backlog(self, stage: Stage) -> int:
        return len(self._groups[stage].waiting)

    async def aclose(self) -> None:
        return None
