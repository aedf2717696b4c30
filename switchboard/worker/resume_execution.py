"""An approval resume on a worker: ``Command(resume=decisions)``, exactly once.

The API process that took the decision records it (the approvals table) and a
``resume`` run as queued, under the thread's lock; the worker resumes the interrupt
with the job's decisions. A worker that dies mid-resume leaves the job to another:
when the last checkpoint is this run's own, it continues from there; when the
interrupt is still the last checkpoint (the action may have committed, its step not
checkpointed) it resumes again, and the outbox key keeps the action's side effect
once. Recovery (``switchboard.recovery``) is not run first: it would resume this very
interrupt with the same recorded decisions under a run of its own.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from langgraph.types import Command, StateSnapshot

from domain.db import system_transaction
from domain.models import RunRecord
from switchboard.worker.execution import _FINISHED, Execution

log = logging.getLogger("switchboard.worker")


class ResumeExecution(Execution):
    """A queued run of kind ``resume`` (``job.extra["resume"]``: the resume value)."""

    async def _recover(self) -> None:
        """Nothing: this run is the resume recovery would make (see the module's doc)."""

    async def _request(self, snapshot: StateSnapshot, config: dict[str, Any]) -> Any:
        """The recorded decisions as the graph's resume (its first attempt)."""
        job = self.job
        if not snapshot.interrupts:  # answered already (recovery, or a resume before it)
            log.info("run %s: the thread waits for no approval; nothing to resume", job.run_id)
            return _FINISHED
        if self.job_try > 1:
            log.info("run %s resumes the approval again (try %s)", job.run_id, self.job_try)
        return Command(resume=await asyncio.to_thread(self._resume_value))

    def _resume_value(self) -> Any:
        """The job's resume; a job a sweep queued again has none: the record's decisions."""
        if "resume" in self.job.extra:
            return self.job.extra["resume"]
        with system_transaction(self.state.runtime.services.sessions) as session:
            run = session.get(RunRecord, self.job.run_id)
            decisions = (run.input or {}).get("decisions", []) if run is not None else []
        return {"decisions": decisions}
