"""What a worker process holds while it runs: the app runtime, its queue, its id."""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass, field

from adapters.run_queue.arq_queue import ArqRunQueue
from server.runtime import AppRuntime


def new_worker_id() -> str:
    """A worker's id: host, process and a random tail (pids are reused)."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


@dataclass
class WorkerState:
    """Built in the worker's start-up hook and handed to every job through arq's ctx."""

    runtime: AppRuntime
    queue: ArqRunQueue
    worker_id: str = field(default_factory=new_worker_id)
    active: set[str] = field(default_factory=set)
    """Ids of the runs this worker is executing now (the sweeper leaves them alone)."""
