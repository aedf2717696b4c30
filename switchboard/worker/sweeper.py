"""Heartbeats and the sweeper: a dead worker's runs go back to the queue.

Every worker renews its heartbeat key (``adapters.run_queue.heartbeats``) and, in a
task of its own (a slow sweep on a loaded database must not delay the beat), sweeps:
a run marked running on a worker whose heartbeat has expired is put back to
``queued`` and its job released, so a live worker takes it and resumes it from its
last checkpoint; so is a run marked running on this worker that no attempt here is
executing (one that stopped while the database did not answer). A run whose thread's
lock is still held is left alone even when its worker's heartbeat has lapsed: the
lock lives with its holder's database session, so the holder is alive (only late to
beat), and no other worker could take the thread anyway. Should a run be requeued
from under a live attempt all the same (its lock was lost with its connection), that
attempt notices and stops without recording anything (``execution.Execution._watch``).
The sweep also looks after queued runs whose job is not on the queue: one that arq gave up on (too
many tries) is recorded as failed; one that never reached Redis (it was down when the
run was accepted) is queued again. Every worker sweeps; the conditional updates make
two sweeps of one run act once.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import ExitStack
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from adapters.thread_locks import held_threads
from domain import queued_runs
from domain.base import utcnow
from domain.db import system_transaction
from domain.errors import RunTakenOverError
from domain.models import RunRecord
from graphs.context import Context
from server.services.next_runs import job_of, start_waiting
from server.services.run_records import record_end
from switchboard.worker.state import WorkerState

log = logging.getLogger("switchboard.worker.sweeper")

ORPHAN_GRACE = timedelta(seconds=30)
"""A queued run whose job is missing this long after it was accepted is queued again."""


async def heartbeat_forever(state: WorkerState) -> None:
    """Renew this worker's heartbeat every third of its lifetime (and nothing else)."""
    ttl = state.runtime.services.settings.worker_heartbeat_seconds
    while True:
        try:
            async with asyncio.timeout(ttl / 3):  # a stuck beat is tried again, not waited on
                await state.queue.workers.beat(state.worker_id, ttl)
        except asyncio.CancelledError:
            raise
        except Exception:  # TimeoutError included: the next beat tries again
            log.exception("worker %s: heartbeat failed", state.worker_id)
        await asyncio.sleep(ttl / 3)


async def sweep_forever(state: WorkerState) -> None:
    """Sweep every third of the heartbeat's lifetime, beside (never in front of) the beat."""
    ttl = state.runtime.services.settings.worker_heartbeat_seconds
    while True:
        try:
            await sweep_once(state)
        except asyncio.CancelledError:
            raise
        except Exception:  # a sweep that failed is tried again on the next round
            log.exception("worker %s: sweep failed", state.worker_id)
        await asyncio.sleep(ttl / 3)


async def sweep_once(state: WorkerState) -> list[str]:
    """Requeue the runs of dead workers and look after lost jobs; the run ids acted on."""
    rows = await asyncio.to_thread(_running_on_workers, state)
    alive = await state.queue.workers.alive({worker for _, worker, _ in rows})
    silent = [thread for _, worker, thread in rows if worker not in alive]
    engine = state.runtime.services.engine
    held = await asyncio.to_thread(held_threads, engine, silent) if silent else set()
    acted: list[str] = []
    for run_id, worker, thread_id in rows:
        if worker == state.worker_id:
            # Marked running here but not executing: its attempt ended without putting
            # it back or recording its end (the database did not answer then).
            if run_id not in state.active and await asyncio.to_thread(
                _requeue, state, run_id, worker
            ):
                log.warning("run %s: its attempt here left it running; requeued", run_id)
                acted.append(run_id)
            continue
        if worker in alive:
            continue
        if thread_id in held:  # its holder lives (late to beat): nobody else could run it
            log.warning(
                "run %s: worker %s missed its heartbeat but still holds thread %s; left to it",
                run_id,
                worker,
                thread_id,
            )
            continue
        if await asyncio.to_thread(_requeue, state, run_id, worker):
            await state.queue.release(run_id)
            log.warning("run %s: worker %s is gone; requeued", run_id, worker)
            acted.append(run_id)
    for run in await asyncio.to_thread(_queued_before, state, utcnow() - ORPHAN_GRACE):
        job_state = await state.queue.job_state(run.id)
        if job_state == "gone":
            await state.queue.submit(job_of(run))
            log.warning("run %s was queued but its job was missing; queued again", run.id)
            acted.append(run.id)
        elif job_state == "failed":
            await asyncio.to_thread(_give_up, state, run)
            acted.append(run.id)
    acted.extend(await start_waiting(state.runtime, state.queue))  # threads freed unseen
    return acted


def _running_on_workers(state: WorkerState) -> list[tuple[str, str, str]]:
    with system_transaction(state.runtime.services.sessions) as session:
        return queued_runs.runs_on_workers(session)


def _requeue(state: WorkerState, run_id: str, worker: str) -> bool:
    with system_transaction(state.runtime.services.sessions) as session:
        return queued_runs.requeue(session, run_id, worker)


def _queued_before(state: WorkerState, before: datetime) -> list[RunRecord]:
    with system_transaction(state.runtime.services.sessions) as session:
        rows = session.scalars(
            select(RunRecord).where(RunRecord.status == "queued", RunRecord.started_at < before)
        )
        return list(rows)


def _give_up(state: WorkerState, run: RunRecord) -> None:
    tries = state.runtime.services.settings.run_max_tries
    ending: dict[str, Any] = {
        "status": "error",
        "error": f"gave up after {tries} tries (workers died or stores did not answer)",
        "output": None,
        "agents": [],
    }
    context = Context(tenant_id=run.tenant_id, actor=run.actor or "user")
    try:  # only while still queued: a worker may have claimed it since it was read
        record_end(state.runtime, context, run.id, ending, 0, 0, ExitStack(), while_status="queued")
    except RunTakenOverError as exc:
        log.info("run %s: not given up: %s", run.id, exc)
        return
    log.error("run %s: %s", run.id, ending["error"])
