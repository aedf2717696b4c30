"""What a worker process holds while it runs: the app runtime, its queue, its id."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any

from adapters.run_queue.arq_queue import ArqRunQueue
from server.runtime import AppRuntime

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
        """Pass one run event to the run event log, where any API process reads it."""
        events = getattr(self.runtime, "run_events", None)
        if events is None:
            return
        await events.append(run_id, _as_dict(event))

    async def close_events(self, run_id: str) -> None:
        """End the run's event stream."""
        events = getattr(self.runtime, "run_events", None)
        if events is None:
            return
        try:
            await events.close(run_id)
        except Exception:  # the run is recorded; a reader falls back to the run's record
            log.exception("run %s: closing its event log failed", run_id)


def _as_dict(event: Any) -> dict[str, Any]:
    if isinstance(event, dict):
        return event
    if is_dataclass(event) and not isinstance(event, type):
        return asdict(event)
    return {"event": str(getattr(event, "event", "message")), "data": getattr(event, "data", {})}
