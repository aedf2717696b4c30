"""The worker process: an arq ``Worker`` on the run queue, with the graph built once.

arq gives the queue mechanics: jobs keyed by run id, ``max_tries`` with ``Retry`` and
backoff, abort (cancel) of a running job, a health-check key, and on SIGTERM a drain
(``job_completion_wait``: take no new job, let running ones finish, then cancel the
rest, which go back on the queue). The start-up hook builds what the API process
builds in its lifespan (services, checkpointer, graph) and starts the heartbeat and
the sweeper, each in a task of its own (``switchboard.worker.sweeper``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from arq.worker import Worker, func

from adapters.checkpoints import open_async_checkpointer
from adapters.run_events import open_run_events
from adapters.run_queue.arq_queue import ArqRunQueue
from adapters.run_queue.protocol import RUN_JOB
from adapters.services import Services, build_services
from adapters.startup_heap import freeze_startup_heap
from graphs.supervisor import compile_supervisor
from nodes.routing.classifier import trained_classifier
from server.runtime import AppRuntime
from switchboard.settings import WORKER_MAX_JOBS_LIMIT, Settings
from switchboard.worker.execution import run_graph
from switchboard.worker.state import WorkerState
from switchboard.worker.sweeper import heartbeat_forever, sweep_forever

log = logging.getLogger("switchboard.worker")

THREADS_PER_JOB = 4
"""Threads of the default executor per run a worker may execute at once."""

RESULT_SECONDS = 600
"""How long arq keeps a finished job's result (the run's record is what lasts)."""


def build_worker(
    settings: Settings,
    *,
    max_jobs: int | None = None,
    services: Callable[[Settings], Services] = build_services,
) -> Worker:
    """An arq worker for the queued runs of ``settings`` (run it with ``.run()``).

    ``services`` builds the process's services (a benchmark passes one whose model has
    a fixed latency).
    """
    if not settings.queued_runs() or settings.redis_url is None:
        raise ValueError(
            "a worker needs Redis: set SWITCHBOARD_REDIS_URL (runs without it execute "
            "inside `switchboard serve`)"
        )
    queue = ArqRunQueue(settings.redis_url, settings.run_queue_name)
    stack = contextlib.AsyncExitStack()

    jobs = max_jobs or settings.worker_max_jobs
    if not 1 <= jobs <= WORKER_MAX_JOBS_LIMIT:
        raise ValueError(
            f"a worker runs 1 to {WORKER_MAX_JOBS_LIMIT} runs at once (asked for {jobs}): "
            "each holds a database connection; run more workers for more"
        )

    async def startup(ctx: dict[str, Any]) -> None:
        # Each run holds threads at once (sync nodes, model calls, the sync checkpointer
        # bridge that waits on this loop, whose connections resolve their host in the
        # default executor): asyncio's default of cpu + 4 threads deadlocks a busy worker.
        threads = ThreadPoolExecutor(THREADS_PER_JOB * jobs + 8, thread_name_prefix="run")
        asyncio.get_running_loop().set_default_executor(threads)
        stack.callback(threads.shutdown, wait=False)
        built = await asyncio.to_thread(services, settings)
        stack.callback(built.engine.dispose)
        await asyncio.to_thread(trained_classifier)
        saver = await stack.enter_async_context(open_async_checkpointer(settings))
        graph = compile_supervisor(built, checkpointer=saver)
        events = open_run_events(settings)
        stack.push_async_callback(events.aclose)
        runtime = AppRuntime(services=built, graph=graph, run_events=events)
        state = WorkerState(runtime=runtime, queue=queue)
        await queue.workers.beat(state.worker_id, settings.worker_heartbeat_seconds)
        # Closed in reverse: the beat stops before the key is deleted (not renewed after).
        stack.push_async_callback(queue.workers.forget, state.worker_id)
        beating = asyncio.create_task(heartbeat_forever(state), name="switchboard-heartbeat")
        stack.push_async_callback(_stop, beating)
        sweeping = asyncio.create_task(sweep_forever(state), name="switchboard-sweeper")
        stack.push_async_callback(_stop, sweeping)
        ctx["switchboard"] = state
        freeze_startup_heap()  # after everything startup builds, before taking runs
        log.info("worker %s takes runs from %s", state.worker_id, settings.run_queue_name)

    async def shutdown(ctx: dict[str, Any]) -> None:
        await stack.aclose()

    return Worker(
        functions=[
            func(
                run_graph,
                name=RUN_JOB,
                max_tries=settings.run_max_tries,
                timeout=settings.run_timeout_seconds + 60,  # the run stops itself first
            )
        ],
        queue_name=settings.run_queue_name,
        redis_pool=queue.redis,
        on_startup=startup,
        on_shutdown=shutdown,
        max_jobs=jobs,
        allow_abort_jobs=True,
        job_completion_wait=settings.worker_drain_seconds,
        keep_result=RESULT_SECONDS,
        poll_delay=0.2,
        health_check_interval=settings.worker_heartbeat_seconds,
        health_check_key=queue.health_check_key,
    )


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
