"""The lead pipeline's event bus: Redis Streams consumer groups, or the same in-process.

``open_lead_bus`` picks by settings: ``SWITCHBOARD_REDIS_URL`` set → Redis Streams
(shared by every process); unset → an in-process bus with the same delivery rules, so
``make run`` needs nothing installed.
"""

from __future__ import annotations

from adapters.lead_bus.protocol import GROUPS, Delivery, LeadBus
from switchboard.settings import Settings

__all__ = ["GROUPS", "Delivery", "LeadBus", "open_lead_bus"]


def open_lead_bus(settings: Settings) -> LeadBus:
    """The configured bus (connections open on first use; ``aclose`` it when done)."""
    if settings.redis_url:
        from adapters.lead_bus.redis_streams import RedisStreamsBus

        return RedisStreamsBus(settings.redis_url, prefix=settings.lead_stream_prefix)
    from adapters.lead_bus.in_process import InProcessBus

    return InProcessBus()
