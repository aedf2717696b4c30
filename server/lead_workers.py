"""The lead pipeline in the server: its bus always, its worker when the bus is in-process.

With Redis (``SWITCHBOARD_REDIS_URL``) the server only publishes; ``switchboard pipeline
run`` processes consume. Without it, the events live in this process, so this process
runs the worker (and its sweep picks up leads a CLI command or a restart left behind).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

from adapters.lead_bus import LeadBus, open_lead_bus
from adapters.services import Services
from switchboard.lead_pipeline import PipelineWorker


@dataclass
class LeadPipeline:
    """The bus routes publish to, and the embedded worker (None with Redis)."""

    bus: LeadBus
    worker: PipelineWorker | None = None
    task: asyncio.Task[None] | None = None


def start_lead_pipeline(services: Services) -> LeadPipeline:
    """Open the bus; start a worker on it when it is the in-process one."""
    bus = open_lead_bus(services.settings)
    if bus.kind == "redis":
        return LeadPipeline(bus)
    worker = PipelineWorker(services, bus)
    task = asyncio.create_task(worker.run(), name="switchboard-lead-pipeline")
    return LeadPipeline(bus, worker, task)


async def stop_lead_pipeline(pipeline: LeadPipeline) -> None:
    """Let the worker finish its step in progress, then close the bus."""
    if pipeline.worker is not None and pipeline.task is not None:
        pipeline.worker.stop.set()
        try:
            await asyncio.wait_for(pipeline.task, timeout=10)
        except TimeoutError:
            pipeline.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pipeline.task
    await pipeline.bus.aclose()
