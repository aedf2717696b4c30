"""The run queue on Redis through arq: enqueue with the run id as job id, abort, requeue.

arq keeps a job in its queue (a sorted set) until a worker finishes it, marking it taken
with an ``in-progress`` key that expires; so a job whose worker died is handed out
again by arq itself once that key expires. The sweeper (``switchboard.worker.sweeper``)
only makes this prompt: when a worker's heartbeat is gone it deletes the in-progress
keys of that worker's runs. Job ids are the queue's name and the run id, so a run is
queued at most once; arq keeps its job and result keys under prefixes of its own for
every queue, and a scheduled run's id (``cron-fire-<n>``) is only unique within one
database, so two deployments (or test databases) sharing a Redis do not collide.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Literal

from arq.connections import ArqRedis
from arq.constants import in_progress_key_prefix, job_key_prefix, result_key_prefix
from arq.jobs import Job
from redis.asyncio import ConnectionPool

from adapters.run_queue.heartbeats import WorkerRegistry
from adapters.run_queue.protocol import RUN_JOB, RunJob

CANCEL_TTL_SECONDS = 3600
"""How long a cancel request is remembered (a run taken later still sees it)."""

JobState = Literal["waiting", "taken", "failed", "gone"]


class ArqRunQueue:
    """Runs as arq jobs on ``queue_name``; heartbeats and cancels under the same prefix."""

    kind = "redis"

    def __init__(self, url: str, queue_name: str) -> None:
        self.url = url
        self.queue_name = queue_name
        self.redis = ArqRedis(ConnectionPool.from_url(url), default_queue_name=queue_name)
        self.workers = WorkerRegistry(self.redis, f"{queue_name}:worker:")

    def job_id(self, run_id: str) -> str:
        """The arq job id of ``run_id`` on this queue."""
        return f"{self.queue_name}:{run_id}"

    def cancel_key(self, run_id: str) -> str:
        """The key that says a cancel was asked for ``run_id``."""
        return f"{self.queue_name}:cancel:{run_id}"

    @property
    def health_check_key(self) -> str:
        """Where arq workers of this queue write their health line."""
        return f"{self.queue_name}:health-check"

    async def submit(self, job: RunJob) -> None:
        await self.redis.enqueue_job(
            RUN_JOB, job.as_dict(), _job_id=self.job_id(job.run_id), _queue_name=self.queue_name
        )

    async def cancel(self, run_id: str) -> None:
        """Remember the cancel, then abort the job through arq (its task is cancelled)."""
        await self.redis.set(self.cancel_key(run_id), b"1", ex=CANCEL_TTL_SECONDS)
        job = Job(self.job_id(run_id), self.redis, _queue_name=self.queue_name)
        with contextlib.suppress(asyncio.TimeoutError):
            await job.abort(timeout=0.01, poll_delay=0.01)  # the caller waits on the run row

    async def cancel_requested(self, run_id: str) -> bool:
        return bool(await self.redis.exists(self.cancel_key(run_id)))

    async def job_state(self, run_id: str) -> JobState:
        """Where the run's job is: waiting, taken by a worker, failed by arq, or gone."""
        job_id = self.job_id(run_id)
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.exists(job_key_prefix + job_id)
            pipe.exists(in_progress_key_prefix + job_id)
            pipe.exists(result_key_prefix + job_id)
            queued, taken, result = await pipe.execute()
        if taken:
            return "taken"
        if queued:
            return "waiting"
        return "failed" if result else "gone"

    async def release(self, run_id: str) -> None:
        """Let another worker take the run's job now (its worker died holding it)."""
        await self.redis.delete(in_progress_key_prefix + self.job_id(run_id))

    async def ready(self) -> str:
        await self.redis.ping()
        workers = await self.workers.count()
        return f"redis ({workers} worker{'s' if workers != 1 else ''})"

    async def aclose(self) -> None:
        await self.redis.aclose()
