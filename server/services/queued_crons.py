"""Scheduled runs on queue workers: a claimed fire is recorded as queued and queued.

With the queue on (``SWITCHBOARD_REDIS_URL``) the scheduler loop of every API process
claims due periods as before (``switchboard.scheduler.fire_due``: the database hands
each period to one claimer) and passes each fire here instead of running it in the
process. The run id derives from the fire, so a fire claimed again after its lease ran
out records no second run (a conflict ``fire_due`` recognises), and arq, which keys jobs
by run id, takes no second job. A worker executes it like any queued run.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import ExitStack
from dataclasses import asdict

from adapters.run_queue import RunJob
from adapters.thread_locks import claim_in_transaction, thread_lock
from domain import queued_runs
from domain.schedules.firing import ClaimedFire
from server.runtime import AppRuntime
from server.services.background_runs import _check_waiting
from server.services.queued_runs import queue_of
from switchboard.scheduler import fire_context

log = logging.getLogger("switchboard.server.scheduler")


async def submit_fire(runtime: AppRuntime, fire: ClaimedFire) -> str:
    """Record the fire's run as queued (its thread made if new) and queue it; its id.

    Raises:
        ConflictError: the fire's run was recorded already, or its thread is busy or
            waits for approvals.
        BudgetExceededError: the tenant's daily run budget is spent.
    """
    locks = ExitStack()
    if runtime.services.engine.dialect.name != "postgresql":  # on Postgres: in _record
        await asyncio.to_thread(
            locks.enter_context, thread_lock(runtime.services.engine, fire.thread_id)
        )
    try:
        await _check_waiting(runtime, fire.thread_id, resume=False)
        await asyncio.to_thread(_record, runtime, fire)
    finally:
        await asyncio.to_thread(locks.close)
    context = fire_context(fire)
    job = RunJob(fire.run_id, fire.thread_id, asdict(context), "run", fire.request_text)
    try:
        await queue_of(runtime).submit(job)
    except Exception:  # recorded as queued: a worker's sweep queues it again
        log.exception("run %s: the queue did not take it; a worker's sweep will", fire.run_id)
    return fire.run_id


def _record(runtime: AppRuntime, fire: ClaimedFire) -> None:
    context = fire_context(fire)
    with runtime.services.scope(
        fire.tenant_id, actor=context.actor, caller=context.caller
    ) as scope:
        claim_in_transaction(scope.session, fire.thread_id)
        queued_runs.queue_run(
            scope,
            run_id=fire.run_id,
            thread_id=fire.thread_id,
            kind="run",
            run_input=fire.run_input(),
            cron_id=fire.cron_id,
        )
