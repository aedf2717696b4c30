"""What API processes and workers agree on: a run job and the queue that carries it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

RUN_JOB = "run_graph"
"""The worker function a queued run is executed by (its arq function name)."""


@dataclass(frozen=True)
class RunJob:
    """One queued run: plain JSON fields, so any process can read it back.

    ``context`` holds ``graphs.context.Context``'s fields (tenant, actor, key); ``text``
    is the request the run applies to the thread (none for a run that only continues).
    """

    run_id: str
    thread_id: str
    context: dict[str, Any]
    kind: str = "run"
    text: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The job as the queue stores it."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunJob:
        """A job read back from the queue."""
        return cls(**data)


class RunQueue(Protocol):
    """Where API processes put runs and send cancels; workers take them.

    ``kind`` names the implementation (``redis`` for arq on Redis).
    """

    kind: str

    async def submit(self, job: RunJob) -> None:
        """Queue the run (a second submit of the same run id is ignored)."""
        ...

    async def cancel(self, run_id: str) -> None:
        """Ask whichever worker runs (or will take) the run to stop it."""
        ...

    async def cancel_requested(self, run_id: str) -> bool:
        """Whether a cancel was asked for the run (read by the worker that stops it)."""
        ...

    async def ready(self) -> str:
        """A short description of the queue's store; raises when it does not answer."""
        ...

    async def aclose(self) -> None:
        """Close the connections."""
        ...
