"""The lead pipeline's workers: consume each stage's events, do the step once, pass it on.

For each consumer stage (enriched, verified, scored) a worker loops: claim events a
dead consumer left pending (older than ``lead_claim_idle_seconds``), else read new ones;
for each, run the stage in one tenant transaction (``domain.leads.stages.run_stage``,
idempotent by its step row), retried with backoff (tenacity) up to
``lead_max_attempts``; then publish the next event, then acknowledge. So:

- a worker killed before its commit leaves the event pending: another claims it and
  does the step;
- a worker killed after its commit and before its ack leaves it pending too: the
  claimer finds the step done, does nothing again, and publishes the next event (the
  next stage is just as idempotent);
- a step that fails every attempt is written to the error queue (its row ``failed``
  with the error) and acknowledged; ``retry_failed`` publishes its input event again.

With Redis the groups are shared by every ``switchboard pipeline run`` process; without
it the server runs one worker on the in-process bus.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from tenacity import Retrying, stop_after_attempt, wait_exponential

from adapters.kill_points import pause_at
from adapters.lead_bus import Delivery, LeadBus
from adapters.services import Services
from domain.base import utcnow
from domain.db import system_transaction
from domain.errors import NotFoundError
from domain.leads.events import CONSUMER_STAGES, LeadEvent, Stage, event_name, input_event
from domain.leads.stages import run_stage
from domain.leads.steps import failed_step, record_failure
from domain.leads.sweep import stalled_leads

log = logging.getLogger("switchboard.leads")

Result = Literal["done", "skipped", "failed", "dropped"]
Observer = Callable[[Stage, LeadEvent, Result], None]


def consumer_name() -> str:
    """A name unique to this worker (host, process, random), as Redis shows it."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class Handled:
    """What one delivery came to, and whether the lead goes on."""

    result: Result
    advance: bool = False


class PipelineWorker:
    """Runs the consumer stages on ``bus`` until stopped.

    Args:
        services: the business database (and settings: attempts, backoff, claim idle).
        bus: Redis Streams or in-process.
        consumer: this worker's name in the consumer groups.
        observer: called after each delivery is acknowledged (benchmarks, tests).

    ``lead_claim_idle_seconds`` must stay well above the time one batch of ``batch``
    steps takes: an event read in a batch waits, pending, while those before it run, and
    a claim only sees how long an event has been pending, not whether its reader lives.
    A claim too early costs a duplicate attempt that finds the step done, nothing more.
    """

    def __init__(
        self,
        services: Services,
        bus: LeadBus,
        *,
        consumer: str | None = None,
        stages: tuple[Stage, ...] = CONSUMER_STAGES,
        batch: int = 16,
        block: float = 1.0,
        sweep: bool = True,
        observer: Observer | None = None,
    ) -> None:
        self.services, self.bus = services, bus
        self.consumer = consumer or consumer_name()
        self.stages, self.batch, self.block = stages, batch, block
        self.sweep, self.observer = sweep, observer
        self.stop = asyncio.Event()

    async def run(self) -> None:
        """Consume until ``stop`` is set (a step in progress is finished first)."""
        for stage in self.stages:
            await self.bus.ensure_group(stage)
        loops = [self._stage_loop(stage) for stage in self.stages]
        if self.sweep:
            loops.append(self._sweep_loop())
        await asyncio.gather(*loops)

    async def _stage_loop(self, stage: Stage) -> None:
        settings = self.services.settings
        while not self.stop.is_set():
            try:
                deliveries = await self.bus.claim_stale(
                    stage,
                    self.consumer,
                    min_idle=settings.lead_claim_idle_seconds,
                    count=self.batch,
                )
                if not deliveries:
                    deliveries = await self._read_unless_stopped(stage)
                for delivery in deliveries:
                    await self.handle(stage, delivery)
            except asyncio.CancelledError:
                raise
            except Exception:  # the bus or the database is away: wait, then go on
                log.exception("lead stage %s: a pass failed", stage)
                await asyncio.sleep(self.block)

    async def _read_unless_stopped(self, stage: Stage) -> list[Delivery]:
        """New deliveries, or none as soon as ``stop`` is set (a blocked read is cancelled).

        Without this, stopping waited out a blocked read (``block`` seconds) on every
        shutdown. An event a cancelled read had already been handed stays pending and is
        claimed later, like a dead consumer's.
        """
        read = asyncio.ensure_future(
            self.bus.read(stage, self.consumer, count=self.batch, block=self.block)
        )
        stopped = asyncio.ensure_future(self.stop.wait())
        await asyncio.wait({read, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if read.done():
            return read.result()
        read.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await read
        return []

    async def handle(self, stage: Stage, delivery: Delivery) -> Handled:
        """Do the step of one delivery, publish the next event, acknowledge (in that order)."""
        handled = await asyncio.to_thread(self._process, stage, delivery)
        if handled.advance:  # lead.scored too: no stage of ours reads it, others may
            await self.bus.publish(delivery.event.next(stage))
        await self.bus.ack(stage, delivery)
        if self.observer is not None:
            self.observer(stage, delivery.event, handled.result)
        return handled

    def _process(self, stage: Stage, delivery: Delivery) -> Handled:
        """The step in a tenant transaction, retried; the error queue when it keeps failing."""
        settings = self.services.settings
        event = delivery.event
        lead = f"{event.tenant_id}/{event.contact_id}/{stage}"
        pause_at(settings, "lead_step_read", lead)
        try:
            for attempt in Retrying(
                stop=stop_after_attempt(settings.lead_max_attempts),
                wait=wait_exponential(multiplier=settings.lead_retry_seconds, max=30),
                reraise=True,
            ):
                with attempt, self.services.scope(event.tenant_id, actor="lead_pipeline") as scope:
                    run = run_stage(scope, stage, event.contact_id, consumer=self.consumer)
        except Exception as exc:
            return self._fail(stage, event, exc)
        pause_at(settings, "lead_step_committed", lead)
        return Handled("done" if run.ran else "skipped", run.advance)

    def _fail(self, stage: Stage, event: LeadEvent, exc: Exception) -> Handled:
        error = f"{type(exc).__name__}: {exc}"
        log.warning("lead %s/%s: %s failed: %s", event.tenant_id, event.contact_id, stage, error)
        try:
            with self.services.scope(event.tenant_id, actor="lead_pipeline") as scope:
                row = record_failure(
                    scope,
                    event.contact_id,
                    stage,
                    error=error,
                    attempts=self.services.settings.lead_max_attempts,
                    consumer=self.consumer,
                )
        except NotFoundError:  # the tenant is gone: nothing to record the failure on
            return Handled("dropped")
        if row is None:  # the lead is gone (deleted, erased): nothing to retry
            return Handled("dropped")
        if row.status == "done":  # another consumer finished it meanwhile
            return Handled("skipped", row.advance)
        return Handled("failed")

    async def _sweep_loop(self) -> None:
        every = self.services.settings.lead_sweep_seconds
        while not self.stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop.wait(), timeout=every)
            if self.stop.is_set():
                return
            try:
                await republish_stalled(self.services, self.bus, older_than=every)
            except Exception:
                log.exception("lead pipeline sweep failed")


async def republish_stalled(services: Services, bus: LeadBus, *, older_than: float) -> int:
    """Publish again the events of leads stuck between a committed step and its next one."""
    before = utcnow() - timedelta(seconds=older_than)

    def find() -> list[tuple[str, int, Stage]]:
        with system_transaction(services.sessions) as session:
            return stalled_leads(session, before=before)

    stalled = await asyncio.to_thread(find)
    for tenant_id, contact_id, stage in stalled:
        await bus.publish(LeadEvent(event_name(stage), tenant_id, contact_id))
    if stalled:
        log.warning("re-published %d lead events whose next step never started", len(stalled))
    return len(stalled)


def publish_event_for(tenant_id: str, contact_id: int) -> LeadEvent:
    """The ``lead.sourced`` event of a committed lead (publish it after the commit)."""
    return LeadEvent(event_name("sourced"), tenant_id, contact_id)


def retry_event(services: Services, tenant_id: str, step_id: int) -> LeadEvent:
    """The event that runs a failed step again (publish it to retry).

    Raises:
        NotFoundError: no failed step ``step_id`` for this tenant.
    """
    with services.scope(tenant_id, actor="lead_pipeline") as scope:
        row = failed_step(scope, step_id)
        stage: Stage = row.stage  # type: ignore[assignment]
        return LeadEvent(input_event(stage), tenant_id, row.contact_id, retry_of=row.id)


async def idle(bus: LeadBus, stages: tuple[Stage, ...] = CONSUMER_STAGES) -> bool:
    """No stage has events waiting or pending."""
    for stage in stages:
        if await bus.backlog(stage) or await bus.pending(stage):
            return False
    return True


async def run_until_idle(
    services: Services, bus: LeadBus, *, timeout: float = 60.0, observer: Observer | None = None
) -> bool:
    """Run a worker until every stage is drained (embedded CLI use); False on timeout."""
    worker = PipelineWorker(services, bus, block=0.05, sweep=False, observer=observer)
    task = asyncio.create_task(worker.run())
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        await asyncio.sleep(0)
        while loop.time() < deadline:
            if await idle(bus) and not task.done():
                await asyncio.sleep(0.1)  # a publish of the next event may be on its way
                if await idle(bus):
                    return True
            if task.done():
                task.result()
            await asyncio.sleep(0.02)
        return False
    finally:
        worker.stop.set()
        await asyncio.wait_for(task, timeout=10)
