"""``switchboard scheduler`` with the run queue on: fires are queued for workers.

The passes are ``switchboard.scheduler.fire_due`` as everywhere (the database hands
each due period to one scheduler); each claimed fire is recorded as queued and put on
the queue (``server.services.queued_crons``), so a ``switchboard worker`` runs it and
this process holds no run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from adapters.checkpoints import open_async_checkpointer
from adapters.run_queue import open_run_queue
from adapters.services import Services
from domain.schedules.firing import ClaimedFire
from graphs.supervisor import compile_supervisor
from server.runtime import AppRuntime
from server.services.queued_crons import submit_fire
from switchboard.scheduler import TickReport, fire_due


async def run_queued_scheduler(
    services: Services,
    *,
    once: bool,
    tick: float,
    on_tick: Callable[[TickReport], None],
) -> None:
    """Fire due crons onto the queue: one pass (``once``) or every ``tick`` seconds."""
    settings = services.settings
    queue = open_run_queue(settings)
    assert queue is not None  # the caller checked settings.queued_runs()
    try:
        async with open_async_checkpointer(settings) as saver:
            graph = compile_supervisor(services, checkpointer=saver)
            runtime = AppRuntime(services=services, graph=graph, run_queue=queue)
            loop = asyncio.get_running_loop()

            def launch(fire: ClaimedFire) -> str:
                return asyncio.run_coroutine_threadsafe(submit_fire(runtime, fire), loop).result()

            while True:
                report = await asyncio.to_thread(fire_due, services, launch)
                on_tick(report)
                if once:
                    return
                await asyncio.sleep(tick)
    finally:
        await queue.aclose()
