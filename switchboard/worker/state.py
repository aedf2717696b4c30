"""What a worker process holds while it runs: the app runtime, its queue, its id."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from typing import Any

from adapters.run_queue.arq_queue import ArqRunQueue
from server.runtime import AppRuntime
from server.services.background_runs import as_record

log = logging.getLogger("switchboard.worker")


def new_worker_id() -> str:
    """A worker's id: host, process and a random tail (pids are reused)."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


@dataclass
class WorkerState:
    """Built in the worker's start-up hook and handed to every job through arq's ctx."""

    runtime: AppRuntime
    queue: ArqRunQueue
    worker_id: str = field(default_factory=new_worker_id)

    async def publish(self, run_id: str, event: Any) -> None:
        """Append one run event to the run's log, where any API process reads it.

        A log that fails (Redis gone) does not fail the run: it still finishes and
        records its end, and its readers end their streams from the run's record.
        """
        try:
            await self.runtime.run_events.append(run_id, as_record(event))
        except Exception:
            log.exception("run %s: appending to its event log failed", run_id)

    async def close_events(self, run_id: str) -> None:
        """End the run's event log (its readers' streams end)."""
        try:
            await self.runtime.run_events.close(run_id)
        except Exception:  # the run is recorded; a reader falls back to the run's record
            log.exception("run %s: closing its event log failed", run_id)
