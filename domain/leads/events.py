"""The lead.* events and the stages that consume them, as plain data (no transport here).

Sourcing is the producer's stage: the contact row and its ``sourced`` step commit
together, then ``lead.sourced`` is published. Each later stage reads the event of the
one before, does its work once and publishes its own event:

    lead.sourced → enriched → lead.enriched → verified → lead.verified → scored → lead.scored
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

Stage = Literal["sourced", "enriched", "verified", "scored"]
STAGES: tuple[Stage, ...] = ("sourced", "enriched", "verified", "scored")
CONSUMER_STAGES: tuple[Stage, ...] = ("enriched", "verified", "scored")
"""The stages a pipeline worker runs (one consumer group each)."""

PREVIOUS: dict[Stage, Stage] = {"enriched": "sourced", "verified": "enriched", "scored": "verified"}
"""The stage whose event a consumer stage reads."""


def event_name(stage: Stage) -> str:
    """``lead.<stage>``: what is published when ``stage`` is done."""
    return f"lead.{stage}"


def input_event(stage: Stage) -> str:
    """The event a consumer stage reads (``lead.sourced`` for ``enriched``)."""
    return event_name(PREVIOUS[stage])


@dataclass(frozen=True)
class LeadEvent:
    """One lead.* event: which lead, which tenant, when it entered the pipeline.

    Attributes:
        name: ``lead.sourced`` ... ``lead.scored``.
        tenant_id: the lead's tenant; the step runs in that tenant's scope.
        contact_id: the lead (a contact row).
        origin: Unix time the lead entered the pipeline (carried along, for latency).
        retry_of: the error-queue step this event retries, if any.
    """

    name: str
    tenant_id: str
    contact_id: int
    origin: float = field(default_factory=time.time)
    retry_of: int | None = None

    def fields(self) -> dict[str, str]:
        """The event as flat string fields (a Redis stream entry)."""
        out = {
            "name": self.name,
            "tenant_id": self.tenant_id,
            "contact_id": str(self.contact_id),
            "origin": repr(self.origin),
        }
        if self.retry_of is not None:
            out["retry_of"] = str(self.retry_of)
        return out

    @classmethod
    def from_fields(cls, raw: dict[str, str]) -> LeadEvent:
        """Parse :meth:`fields` output.

        Raises:
            ValueError: a field is missing or malformed.
        """
        try:
            retry = raw.get("retry_of")
            return cls(
                name=raw["name"],
                tenant_id=raw["tenant_id"],
                contact_id=int(raw["contact_id"]),
                origin=float(raw["origin"]),
                retry_of=int(retry) if retry else None,
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a lead event: {raw!r}") from exc

    def next(self, stage: Stage) -> LeadEvent:
        """The event published when ``stage`` is done for this lead."""
        return LeadEvent(event_name(stage), self.tenant_id, self.contact_id, self.origin)
