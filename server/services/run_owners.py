"""Whether the process executing a run still lives, as a stream following the run sees it.

A stream follows the run's event log; when the log is silent it asks the run's record
whether the run still runs (``run_streams.follow``). The record says ``running`` until
its process records the end, so after that process died (kill -9, a lost machine) the
stream waited until a sweep noticed: the recovery sweep every
``recovery_sweep_interval_seconds`` for a run of an API process, the workers' sweeper
for a run of a worker (never, when no worker was left). Here the run's owner is checked
directly, every time the record still says ``running``:

- a run on a queue worker (``worker_id``): the worker's heartbeat key
  (``adapters.run_queue.heartbeats``). A dead worker's run is handed to recovery as the
  workers' sweeper would do it: put back to ``queued`` and its job released (conditional
  updates: two hand-offs of one run act once), so a live worker resumes it from its
  last checkpoint and the stream goes on with the events it appends.
- a run of an API process or of the CLI (no worker): its thread's lock, which the run
  holds from before its record says ``running`` until after its end is recorded. On
  Postgres that session advisory lock dies with its connection, on SQLite the file lock
  with its process (``adapters.thread_locks.held_threads`` sees every process's). A run
  recorded ``running`` whose thread nobody holds has lost its process: its stream ends
  with an error event saying so, and recovery (a sweep, or the thread's next request)
  records it and finishes its thread's work.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from adapters.run_queue.arq_queue import ArqRunQueue
from adapters.thread_locks import held_threads
from domain import queued_runs
from domain.db import system_transaction
from domain.models import RunRecord
from server.runtime import AppRuntime

log = logging.getLogger("switchboard.server.run_owners")

ACTIVE = frozenset({"running", "queued", "pending"})
"""Run statuses of a run that may still write to its log."""


class RunOwnerGoneError(Exception):
    """The process running the run died; the run's stream ends with this message."""


async def still_running(
    runtime: AppRuntime, read: Callable[[], Awaitable[RunRecord | None]]
) -> bool:
    """Whether the run ``read`` returns may still write to its log.

    False for an ended or missing run; True for a queued one, or a running one whose
    owner lives (a dead worker's run is first handed back to the queue).

    Raises:
        RunOwnerGoneError: the run is recorded running in a process that has died.
    """
    run = await read()
    if run is None or run.status not in ACTIVE:
        return False
    if run.status != "running":  # queued: waits for a worker, as it should
        return True
    if run.worker_id is not None:
        await _hand_off_if_dead(runtime, run.id, run.worker_id, run.thread_id)
        return True
    engine = runtime.services.engine
    if run.thread_id in await asyncio.to_thread(held_threads, engine, [run.thread_id]):
        return True
    # Nobody holds the thread. Its run records its end before it releases the lock, so
    # the record read now tells a run that just ended from one whose process died.
    run = await read()
    if run is None or run.status not in ACTIVE:
        return False
    if run.status != "running" or run.worker_id is not None:
        return True  # requeued or claimed meanwhile: followed as such at the next check
    raise RunOwnerGoneError(
        f"the process running run {run.id} stopped before the run ended (its thread "
        f"{run.thread_id} is no longer held); recovery records it and finishes the "
        f"thread's work: GET /runs/{run.id} tells how it ends"
    )


async def _hand_off_if_dead(
    runtime: AppRuntime, run_id: str, worker_id: str, thread_id: str
) -> None:
    """Put a run of a worker whose heartbeat has expired back on the queue.

    Not while the run's thread is held: its worker is alive, only late to beat (the
    lock lives with its database session), and no other worker could take the thread.
    """
    queue = runtime.run_queue
    if not isinstance(queue, ArqRunQueue):  # no queue here: the workers' sweeper sees it
        return
    if worker_id in await queue.workers.alive([worker_id]):
        return
    engine = runtime.services.engine
    if thread_id in await asyncio.to_thread(held_threads, engine, [thread_id]):
        return
    if await asyncio.to_thread(_requeue, runtime, run_id, worker_id):
        await queue.release(run_id)
        log.warning("run %s: worker %s is gone; requeued for its stream", run_id, worker_id)


def _requeue(runtime: AppRuntime, run_id: str, worker_id: str) -> bool:
    with system_transaction(runtime.services.sessions) as session:
        return queued_runs.requeue(session, run_id, worker_id)
