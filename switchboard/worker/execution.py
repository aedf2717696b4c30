"""One queued run on a worker: claim it, run or resume the graph, publish, record the end.

The worker holds the thread's lock while the run executes (one active run per thread
across processes). A run that was already under way (its worker died, or a transient
error stopped it) resumes from its last checkpoint rather than applying its request
again; the outbox keeps the side effects of a re-executed step exactly once. A cancel
(``RunQueue.cancel``) reaches the run as arq's abort, which cancels this task; a
shutdown that outlasts the drain cancels it too, and then the run goes back on the
queue instead of being recorded as cancelled.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any, cast

import psycopg
import redis.exceptions
import sqlalchemy.exc
from arq import Retry
from langchain_core.callbacks import UsageMetadataCallbackHandler
from langchain_core.messages import HumanMessage
from langgraph.types import StateSnapshot

from adapters.kill_points import pause_at
from adapters.run_events.writer import RunEventWriter
from adapters.run_queue.protocol import RunJob
from adapters.run_usage import RunUsageHandler
from adapters.thread_locks import HeldLock, thread_lock
from domain import queued_runs
from domain.db import system_transaction
from domain.errors import ConflictError, RunTakenOverError
from domain.models import RunRecord
from graphs.context import Context
from server.services.background_runs import (
    DEFAULT_STREAMING,
    Streaming,
    _outcome,
    _run_uuid,
    as_record,
    record_ending,
)
from server.services.next_runs import start_next
from switchboard.recovery import recover_thread
from switchboard.worker.state import WorkerState

log = logging.getLogger("switchboard.worker")

RUN_KEY = "switchboard_run_id"
"""The configurable key (copied into checkpoint metadata) naming the queued run."""

TRANSIENT: tuple[type[BaseException], ...] = (
    sqlalchemy.exc.OperationalError,
    psycopg.OperationalError,  # the checkpointer's pool (a pool timeout is one too)
    sqlalchemy.exc.InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
    TimeoutError,
)
"""Errors that say a store did not answer, not that the run is wrong: retried with backoff."""


def backoff(settings_seconds: float, job_try: int) -> float:
    """Seconds before attempt ``job_try + 1``: the base, doubled per attempt (capped)."""
    return min(settings_seconds * 2 ** max(0, job_try - 1), 300.0)


async def run_graph(ctx: dict[str, Any], data: dict[str, Any]) -> str:
    """The arq function every queued run executes as (``adapters.run_queue.RUN_JOB``)."""
    state: WorkerState = ctx["switchboard"]
    job = RunJob.from_dict(data)
    form: type[Execution] = Execution
    if job.kind in ("agui", "resume"):  # AG-UI runs and approval resumes
        from switchboard.worker.agui_execution import execution_for

        form = execution_for(job.kind)
    elif job.extra.get("form") == "langgraph":  # the LangGraph server API's runs
        from switchboard.worker.langgraph_runs import LangGraphExecution

        form = LangGraphExecution
    return await form(state, job, int(ctx.get("job_try", 1))).run()


@dataclass
class Execution:
    """One attempt at one queued run."""

    state: WorkerState
    job: RunJob
    job_try: int
    held: HeldLock | None = field(default=None, init=False)
    """The thread's lock while this attempt holds it."""
    taken_over: str | None = field(default=None, init=False)
    """Why this attempt stopped owning its run (a sweep requeued it, its lock was lost)."""

    @property
    def context(self) -> Context:
        return Context(**self.job.context)

    def streaming(self) -> Streaming:
        """How the run streams the graph and what its log receives."""
        return DEFAULT_STREAMING

    async def run(self) -> str:
        """Execute the run; the status it was recorded with (or why it was not run here)."""
        self.state.active.add(self.job.run_id)
        try:
            return await self._run()
        finally:
            self.state.active.discard(self.job.run_id)

    async def _run(self) -> str:
        state, job = self.state, self.job
        if await state.queue.cancel_requested(job.run_id):
            cancelled = await asyncio.to_thread(self._cancel_queued)
            if cancelled:
                await start_next_quietly(state, job.thread_id)
            return "cancelled" if cancelled else "skipped"
        locks = ExitStack()
        try:
            self.held = await asyncio.to_thread(
                locks.enter_context, thread_lock(state.runtime.services.engine, job.thread_id)
            )
        except ConflictError:  # the API's check, or a run that is still letting go
            return self._retry_or_fail("the thread stayed busy")
        except TRANSIENT as exc:
            return self._retry_or_fail(f"{type(exc).__name__}: {exc}")
        try:
            claimed = await self._claim()
        except BaseException:
            await asyncio.to_thread(locks.close)
            raise
        if not claimed:
            await asyncio.to_thread(locks.close)
            return "skipped"
        return await self._drive(locks)

    def _cancel_queued(self) -> bool:
        with self.state.runtime.services.scope(self.job.context["tenant_id"]) as scope:
            return queued_runs.cancel_queued(scope, self.job.run_id)

    def _retry_or_fail(self, why: str) -> str:
        settings = self.state.runtime.services.settings
        if self.job_try >= settings.run_max_tries:
            log.error("run %s: giving up after %s tries: %s", self.job.run_id, self.job_try, why)
            return "gave-up"  # the sweeper records the run as failed once arq has let it go
        raise Retry(defer=backoff(settings.run_retry_seconds, self.job_try))

    async def _claim(self) -> bool:
        """Under the thread's lock: finish a dead process's work, then claim the run.

        A queued run (the usual case) is claimed in one statement; only when that fails
        is the worker it names looked up, to take the run over from a dead one.
        """
        runtime, job = self.state.runtime, self.job
        await self._recover()

        def claim(dead: set[str]) -> bool:
            with runtime.services.scope(job.context["tenant_id"]) as scope:
                return queued_runs.claim_run(scope, job.run_id, self.state.worker_id, dead=dead)

        if await asyncio.to_thread(claim, set()):
            return True

        def previous_worker() -> str | None:
            with system_transaction(runtime.services.sessions) as session:
                run = session.get(RunRecord, job.run_id)
                return run.worker_id if run is not None else None

        previous = await asyncio.to_thread(previous_worker)
        if previous is None:
            return False  # ended, cancelled or gone: not this worker's to run
        if previous == self.state.worker_id:
            # An earlier attempt here could not put the run back (the database was gone):
            # this worker runs one attempt of a job at a time, so that one has stopped.
            dead = {previous}
        else:
            dead = {previous} - await self.state.queue.workers.alive([previous])
        return bool(dead) and await asyncio.to_thread(claim, dead)

    async def _recover(self) -> None:
        """Finish what a dead in-process run left on the thread (``switchboard.recovery``)."""
        runtime, job = self.state.runtime, self.job
        await asyncio.to_thread(
            recover_thread,
            runtime.services,
            runtime.graph,
            job.thread_id,
            tenant_id=job.context["tenant_id"],
        )

    async def _drive(self, locks: ExitStack) -> str:
        """Run (or resume) the graph, publish its events, record how it ended."""
        runtime, job, context = self.state.runtime, self.job, self.context
        settings = runtime.services.settings
        streaming = self.streaming()
        usage = RunUsageHandler()
        config: dict[str, Any] = {
            # Written into each checkpoint's metadata: a later attempt knows the run began.
            "configurable": {"thread_id": job.thread_id, RUN_KEY: job.run_id},
            "callbacks": [usage],
        }
        if (run_uuid := _run_uuid(job.run_id)) is not None:
            config["run_id"] = run_uuid
        ending: dict[str, Any] = {"status": "error", "error": None, "output": None, "agents": []}
        writer = RunEventWriter(runtime.run_events, job.run_id)  # never waits on the log

        async def attempt() -> None:
            await asyncio.to_thread(pause_at, settings, "worker_run", job.thread_id)
            graph_input = await self._input(config)
            if graph_input is not None:
                for event in streaming.first(job.run_id, job.thread_id):
                    writer.put(as_record(event))
            async with asyncio.timeout(settings.run_timeout_seconds):
                if graph_input is not _FINISHED:
                    source = streaming.source(runtime, graph_input, config, context)
                    async for chunk in source:
                        for event in streaming.events(chunk):
                            writer.put(as_record(event))
            thread = {"configurable": {"thread_id": job.thread_id}}
            snapshot = await runtime.graph.aget_state(thread)  # type: ignore[arg-type]
            ending.update(_outcome(snapshot.values, [i.value for i in snapshot.interrupts]))

        return await self._guarded(
            attempt(), ending, locks, lambda: self._finish(ending, usage, locks, writer)
        )

    async def _guarded(
        self,
        attempt: Awaitable[None],
        ending: dict[str, Any],
        locks: ExitStack,
        finish: Callable[[], Awaitable[None]],
    ) -> str:
        """Await one attempt under the worker's failure policy; the status recorded.

        A cancel asked for is recorded as ``cancelled``; any other cancel (the worker
        shutting down) and a transient error with tries left put the run back on the
        queue (arq retries it with backoff); any other failure is recorded as ``error``,
        never raised into the worker. ``finish`` records the ending unless requeued.
        """
        job, settings = self.job, self.state.runtime.services.settings
        requeue = False
        running = asyncio.ensure_future(attempt)
        watcher = asyncio.create_task(self._watch(running), name=f"fence-{job.run_id}")
        try:
            try:
                await running
            finally:
                watcher.cancel()
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if self.taken_over is not None and not (current and current.cancelling()):
                pass  # the watcher stopped it: handled below, nothing is recorded
            elif await _cancel_asked(self.state, job.run_id):
                ending.update(status="cancelled", error="cancelled on request")
                raise
            else:  # the worker is shutting down: another worker resumes the run
                requeue = True
                raise
        except TRANSIENT as exc:
            if self.job_try < settings.run_max_tries:
                requeue = True
                log.warning("run %s: transient %s; retrying", job.run_id, type(exc).__name__)
                raise Retry(defer=backoff(settings.run_retry_seconds, self.job_try)) from exc
            log.exception("run %s failed after %s tries", job.run_id, self.job_try)
            ending.update(status="error", error=f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # a failed run is recorded, never raised into the worker
            log.exception("run %s on thread %s failed", job.run_id, job.thread_id)
            ending.update(status="error", error=f"{type(exc).__name__}: {exc}")
        finally:
            if self.taken_over is None and not requeue:
                # Last look before the end is written (the write checks the record again).
                await asyncio.shield(self._look_for_takeover())
            if requeue or self.taken_over is not None:
                await asyncio.shield(asyncio.to_thread(self._requeue, locks))
            else:
                await finish()
        if self.taken_over is not None:
            # Not finished: arq keeps the job (another attempt may be waiting for it) and
            # whoever holds the run now records its end.
            log.warning("run %s: this attempt stopped: %s", job.run_id, self.taken_over)
            raise Retry(defer=backoff(settings.run_retry_seconds, 1))
        return str(ending["status"])

    async def _watch(self, running: asyncio.Future[None]) -> None:
        """Stop the attempt once it no longer owns its run (looked at every beat)."""
        every = self.state.runtime.services.settings.worker_heartbeat_seconds / 3
        while not running.done():
            await asyncio.sleep(every)
            if running.done():
                return
            await self._look_for_takeover()
            if self.taken_over is not None:
                running.cancel()
                return

    async def _look_for_takeover(self) -> None:
        """Set ``taken_over`` when the thread's lock was lost or the record moved on.

        A sweep that took this worker for dead (its heartbeat lapsed under load) put the
        run back on the queue, and another worker may have claimed it: two attempts must
        not drive one thread. A lock whose connection died is lost (its session took it),
        so a database outage stops the attempt too, and the next attempt resumes the run;
        a record that cannot be read is looked at again (the end write checks it itself).
        """
        if self.taken_over is not None:
            return
        held, job, worker = self.held, self.job, self.state.worker_id
        try:
            if held is not None and not await asyncio.to_thread(held.still_held):
                self.taken_over = f"the lock of thread {job.thread_id} was lost"
                return

            def claimed() -> bool:
                with system_transaction(self.state.runtime.services.sessions) as session:
                    return queued_runs.still_claimed(session, job.run_id, worker)

            if not await asyncio.to_thread(claimed):
                self.taken_over = f"its record no longer says it runs on {worker}"
        except Exception:  # looked at again later; the end write checks the record itself
            log.warning(
                "run %s: could not check that it is still this worker's", job.run_id, exc_info=True
            )

    async def _input(self, config: dict[str, Any]) -> Any:
        """The request, or None to resume the run from its last checkpoint.

        The last checkpoint names the run that wrote it (``RUN_KEY``): when it is this
        run, an earlier attempt already applied the request, so the graph continues
        where it stopped (or, with no step left, only the ending is recorded).
        """
        runtime, job = self.state.runtime, self.job
        snapshot = await runtime.graph.aget_state({"configurable": {"thread_id": job.thread_id}})
        if (snapshot.metadata or {}).get(RUN_KEY) == job.run_id:
            log.info("run %s resumes from its last checkpoint (try %s)", job.run_id, self.job_try)
            return None if snapshot.next else _FINISHED
        return await self._request(snapshot, config)

    async def _request(self, snapshot: StateSnapshot, config: dict[str, Any]) -> Any:
        """The graph input that applies the request to the thread (its first attempt)."""
        if snapshot.interrupts:  # it came to wait for approval after the run was accepted
            raise ConflictError(
                f"thread {self.job.thread_id} is waiting for approval of its actions; the "
                "request was not applied (decide them, then send it again)"
            )
        return {"messages": [HumanMessage(self.job.text or "")]}

    def _requeue(self, locks: ExitStack) -> None:
        """Put the run back to ``queued`` for its next attempt.

        When the database does not answer the run stays marked running on this worker;
        the next attempt claims it all the same (``_claim``), and this worker's sweep
        puts it back once the database answers (``sweeper.sweep_once``). Either way the
        job's retry is not lost to the failure.
        """
        try:
            with system_transaction(self.state.runtime.services.sessions) as session:
                queued_runs.requeue(session, self.job.run_id, self.state.worker_id)
        except Exception:
            log.exception("run %s: putting it back on the queue failed", self.job.run_id)
        finally:
            locks.close()

    async def _finish(
        self,
        ending: dict[str, Any],
        usage: UsageMetadataCallbackHandler,
        locks: ExitStack,
        writer: RunEventWriter,
    ) -> None:
        if not await self._record(ending, usage, locks):
            return  # taken over: the attempt that has the run ends its log
        for event in self.streaming().ending(self.job.run_id, ending):
            writer.put(as_record(event))
        await asyncio.shield(writer.close())  # the end marker: readers' streams end
        await asyncio.shield(start_next_quietly(self.state, self.job.thread_id))

    async def _record(
        self, ending: dict[str, Any], usage: UsageMetadataCallbackHandler, locks: ExitStack
    ) -> bool:
        """Record how the run ended, retried with backoff while the database does not answer.

        False when the run was no longer this attempt's (``taken_over`` says why): nothing
        was recorded and the thread's lock is released; its ending events are not sent.
        """
        runtime, job = self.state.runtime, self.job
        settings = runtime.services.settings
        await asyncio.to_thread(pause_at, settings, "worker_record", job.thread_id)
        intended = dict(ending)
        worker = self.state.worker_id
        try:
            recorded = await record_ending(
                runtime, self.context, job.run_id, job.thread_id, ending, usage, locks, worker
            )
            for attempt in range(1, settings.run_max_tries):
                if recorded:
                    break
                # The database did not answer: its connections are replaced on the next try.
                await asyncio.sleep(backoff(settings.run_retry_seconds, attempt))
                again = dict(intended)
                recorded = await record_ending(
                    runtime, self.context, job.run_id, job.thread_id, again, usage, locks, worker
                )
                ending.update(again if recorded else {})
        except RunTakenOverError as exc:
            self.taken_over = str(exc)
            return False
        return True


_FINISHED = cast(Any, object())
"""The run's graph already finished in an earlier attempt: only its ending is recorded."""


async def start_next_quietly(state: WorkerState, thread_id: str) -> None:
    """Queue the thread's next pending run now that it is free (the sweep retries)."""
    try:
        await start_next(state.runtime, state.queue, thread_id)
    except Exception:
        log.exception("thread %s: its next run was not started; the sweep will", thread_id)


async def _cancel_asked(state: WorkerState, run_id: str) -> bool:
    try:
        return await asyncio.shield(state.queue.cancel_requested(run_id))
    except Exception:  # Redis gone: the worker is going down with it; requeue
        return False
