"""The cron scheduler as a background task of the server (on unless disabled).

Every tick it calls ``switchboard.scheduler.fire_due`` in a worker thread; each claimed
fire is started as a background run on the event loop (``background_runs.start``), so
scheduled runs are recorded, streamed, cancellable and recovered like REST runs; with
the run queue on, it is queued for a worker (``queued_crons``). Every server process
may run the loop: the database lets each period fire once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from langchain_core.messages import HumanMessage

from adapters.graph_threads import in_graph_thread
from domain.clock import Clock, wall_clock
from domain.schedules.firing import ClaimedFire
from server.runtime import AppRuntime
from server.services import background_runs, queued_crons
from switchboard.scheduler import fire_context, fire_due

log = logging.getLogger("switchboard.server.scheduler")

SHUTDOWN_WAIT_SECONDS = 30.0
"""How long stopping waits for a pass that is starting runs."""


def start_scheduler(runtime: AppRuntime, *, clock: Clock = wall_clock) -> asyncio.Task[None] | None:
    """Start firing due crons; None when ``SWITCHBOARD_SCHEDULER_ENABLED`` is off."""
    if not runtime.services.settings.scheduler_enabled:
        return None
    return asyncio.create_task(_loop(runtime, clock), name="switchboard-scheduler")


async def stop_scheduler(task: asyncio.Task[None] | None) -> None:
    """Stop the loop between passes (fires being started are finished first)."""
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def start_fire(
    runtime: AppRuntime, fire: ClaimedFire, free: asyncio.Semaphore | None = None
) -> str:
    """Start a claimed fire as a background run on its own thread; its run id.

    With ``free``, at most its size of scheduled runs execute at once (each holds its
    thread's lock, a connection on Postgres): a burst of due crons waits for a slot.
    With the run queue on, the fire is queued for a worker instead (no slot is held).
    """
    if runtime.run_queue is not None:
        return await queued_crons.submit_fire(runtime, fire)
    if free is not None:
        await free.acquire()
    try:
        handle = await background_runs.start(
            runtime,
            fire_context(fire),
            thread_id=fire.thread_id,
            graph_input={"messages": [HumanMessage(fire.request_text)]},
            kind="run",
            run_input=fire.run_input(),
            run_id=fire.run_id,
            cron_id=fire.cron_id,
            create_thread=True,
        )
    except BaseException:
        if free is not None:
            free.release()
        raise
    if free is not None:
        handle.task.add_done_callback(lambda _: free.release())
    return handle.run_id


async def _loop(runtime: AppRuntime, clock: Clock) -> None:
    loop = asyncio.get_running_loop()
    tick = runtime.services.settings.scheduler_tick_seconds
    free = asyncio.Semaphore(runtime.services.settings.scheduler_workers)

    def launch(fire: ClaimedFire) -> str:
        started = start_fire(runtime, fire, free)
        return asyncio.run_coroutine_threadsafe(started, loop).result()

    while True:
        current = asyncio.ensure_future(
            in_graph_thread(fire_due, runtime.services, launch, now=clock())
        )
        try:
            await asyncio.shield(current)
        except asyncio.CancelledError:
            # Shutting down: let the pass finish starting its runs (they need this loop),
            # so the lifespan cancels and records them like every other live run.
            await asyncio.wait({current}, timeout=SHUTDOWN_WAIT_SECONDS)
            raise
        except Exception:  # a failed pass is logged; the next one tries again
            log.exception("scheduler pass failed")
        await asyncio.sleep(tick)
