"""Runs' event logs: Redis Streams (any process streams any run), or the same in-process.

``open_run_events`` picks by settings: ``SWITCHBOARD_REDIS_URL`` set → one Redis stream
per run (``switchboard:run-events:{run_id}``), shared by every API process and worker;
unset → a log in this process's memory with the same rules, so ``make run`` needs
nothing installed.
"""

from __future__ import annotations

from adapters.run_events.protocol import RunEventLog, check_event_id
from switchboard.settings import Settings

__all__ = ["RunEventLog", "check_event_id", "open_run_events"]


def open_run_events(settings: Settings) -> RunEventLog:
    """The configured log (connections open on first use; ``aclose`` it when done)."""
    if settings.redis_url:
        from adapters.run_events.redis_streams import RedisRunEventLog

        return RedisRunEventLog(
            settings.redis_url,
            retention_seconds=settings.run_events_retention_seconds,
            max_events=settings.run_events_max_events,
        )
    from adapters.run_events.in_process import InProcessRunEventLog

    return InProcessRunEventLog(retention_seconds=settings.run_events_retention_seconds)
