"""The run queue: runs accepted by API processes, executed by `switchboard worker` processes.

``open_run_queue`` picks by settings: ``Settings.queued_runs()`` (``SWITCHBOARD_REDIS_URL``
set, or ``SWITCHBOARD_RUN_QUEUE=redis``) → arq on Redis; otherwise None, and runs stay
in the process that accepts them (``server.services.background_runs``, today's
embedded form).
"""

from __future__ import annotations

from adapters.run_queue.protocol import RUN_JOB, RunJob, RunQueue
from switchboard.settings import Settings

__all__ = ["RUN_JOB", "RunJob", "RunQueue", "open_run_queue"]


def open_run_queue(settings: Settings) -> RunQueue | None:
    """The configured queue, or None for in-process runs (connections open on first use)."""
    if not settings.queued_runs():
        return None
    from adapters.run_queue.arq_queue import ArqRunQueue

    assert settings.redis_url is not None  # the settings validator guarantees it
    return ArqRunQueue(settings.redis_url, settings.run_queue_name)
