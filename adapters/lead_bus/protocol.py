"""What the lead pipeline needs from a bus: streams, consumer groups, pending, claim, ack.

The rules both implementations keep (Redis Streams' own):

- an event is published once to its stream (``lead.sourced`` ...); each consumer stage
  has one consumer group on the stream it reads, and each event goes to one consumer of
  the group;
- a read event stays pending for its consumer until acknowledged; a consumer that dies
  leaves it pending, and after ``min_idle`` seconds another consumer may claim it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from domain.leads.events import LeadEvent, Stage

GROUPS: dict[Stage, str] = {
    "enriched": "enrichment",
    "verified": "verification",
    "scored": "scoring",
}
"""The consumer group name of each consumer stage."""


@dataclass(frozen=True)
class Delivery:
    """An event handed to a consumer; ``claimed``: taken over from a consumer that died."""

    message_id: str
    event: LeadEvent
    claimed: bool = False


class LeadBus(Protocol):
    """Publish lead events; read, claim and acknowledge them per consumer stage."""

    kind: Literal["redis", "in-process"]

    async def publish(self, event: LeadEvent) -> str:
        """Append ``event`` to its stream; the message id."""
        ...

    async def ensure_group(self, stage: Stage) -> None:
        """Create ``stage``'s consumer group on its input stream (from the start) if missing."""
        ...

    async def read(
        self, stage: Stage, consumer: str, *, count: int, block: float
    ) -> list[Delivery]:
        """New events for ``stage``, waiting up to ``block`` seconds for the first."""
        ...

    async def claim_stale(
        self, stage: Stage, consumer: str, *, min_idle: float, count: int
    ) -> list[Delivery]:
        """Take over events another consumer read ``min_idle`` seconds ago and never acked."""
        ...

    async def ack(self, stage: Stage, delivery: Delivery) -> None:
        """Done with ``delivery``: it is no longer pending."""
        ...

    async def pending(self, stage: Stage) -> int:
        """Events of ``stage`` read and not acknowledged."""
        ...

    async def backlog(self, stage: Stage) -> int:
        """Events of ``stage`` not yet read by its group."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...
