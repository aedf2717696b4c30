"""Runs started over REST: an asyncio task per run that holds the thread's lock.

``start`` takes the thread's lock (a busy thread is a ConflictError, so a second run
never forks the history), records the run and starts the task; the route answers at
once. The task streams the graph with ``durability="sync"`` and the caller's context,
appends its events to the run's log (``runtime.run_events``: SSE routes read it, from
the start or after a ``Last-Event-ID``, in any process sharing it), records how the run
ended, and closes the log. ``runtime.live_runs`` holds the task, so ``cancel`` really
stops it: the task is cancelled at its next await, no later node is scheduled, and the
run is recorded as cancelled before the lock is released.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, cast

from langchain_core.callbacks import UsageMetadataCallbackHandler
from langchain_core.runnables import RunnableConfig
from langgraph.types import Command
from pydantic_core import to_jsonable_python

from adapters.graph_threads import in_graph_thread
from adapters.run_events.writer import RunEventWriter
from adapters.run_usage import RunUsageHandler
from adapters.thread_locks import held_threads, thread_lock
from domain.errors import ConflictError, RunTakenOverError
from graphs.context import Context
from server.runtime import AppRuntime
from server.services.run_events import RunEvent, describe_update, outcome_events
from server.services.run_records import check_owner, record_end, record_start
from server.services.run_slots import RunSlots, slots_for
from switchboard.recovery import recover_thread

log = logging.getLogger("switchboard.server.runs")

CANCEL_WAIT_SECONDS = 30.0
"""How long a cancel waits for the run to record itself as cancelled."""


Source = Callable[
    [AppRuntime, dict[str, Any] | Command[Any], dict[str, Any], Context], AsyncIterator[Any]
]
"""Streams the graph for a run: (runtime, input, config, context) -> raw chunks."""


def _updates(
    runtime: AppRuntime,
    graph_input: dict[str, Any] | Command[Any],
    config: dict[str, Any],
    context: Context,
) -> AsyncIterator[Any]:
    return runtime.graph.astream(
        graph_input,
        cast(RunnableConfig, config),
        context=context,
        stream_mode="updates",
        subgraphs=True,
        durability="sync",
    )


def _described(chunk: Any) -> Iterable[Any]:
    namespace, update = chunk
    return describe_update(tuple(namespace), update)


@dataclass(frozen=True)
class Streaming:
    """How a run streams the graph and what its listener receives.

    The console's default: ``updates`` from every namespace, described narrowly
    (``server.services.run_events``), then the interrupt and ``end`` events. The
    LangGraph server API passes its own (``server.services.langgraph_api.streams``).
    """

    source: Source = _updates
    events: Callable[[Any], Iterable[Any]] = _described
    ending: Callable[[str, dict[str, Any]], Iterable[Any]] = outcome_events
    first: Callable[[str, str], Iterable[Any]] = lambda run_id, thread_id: [
        RunEvent("metadata", {"run_id": run_id, "thread_id": thread_id})
    ]


DEFAULT_STREAMING = Streaming()


@dataclass
class RunHandle:
    """A started run: its ids and its task (its events are in ``runtime.run_events``)."""

    run_id: str
    thread_id: str
    task: asyncio.Task[None]


def as_record(event: Any) -> dict[str, Any]:
    """A run event (a ``RunEvent`` or a ``(name, data)`` pair) as its log stores it."""
    if isinstance(event, tuple):
        name, data = event
    else:
        name, data = event.event, event.data
    return {"event": name, "data": to_jsonable_python(data, fallback=str)}


async def start(
    runtime: AppRuntime,
    context: Context,
    *,
    thread_id: str,
    graph_input: dict[str, Any] | Command[Any],
    kind: str,
    run_input: dict[str, Any],
    sink: Callable[[Any], None] | None = None,
    streaming: Streaming = DEFAULT_STREAMING,
    run_id: str | None = None,
    configurable: dict[str, Any] | None = None,
    prepare: Callable[[], Awaitable[None]] | None = None,
    cron_id: int | None = None,
    create_thread: bool = False,
) -> RunHandle:
    """Lock the tenant's thread, record the run and start it in the background.

    The run's events go to its log (``runtime.run_events``, closed after the last one)
    and, as they are, to ``sink`` if given (None follows the last). ``configurable``
    adds to the run's config (e.g. a ``checkpoint_id`` to run from); ``prepare`` runs
    once the thread's lock is held. ``run_id`` (default: a new one) and ``cron_id`` are
    given by the scheduler, whose runs have ids derived from their fire and name the
    schedule that started them; ``create_thread`` makes the thread on first use (a
    fire's thread is its own).

    Returns once the run's task is inside the block that records how it ends, or once a
    task cancelled before its first step has been recorded as cancelled: never waits on a
    run that cannot start. Cancelling ``start`` leaves nothing held: a run it had already
    started is cancelled (and records itself so).

    Raises:
        NotFoundError: the thread is not this tenant's.
        ConflictError: the thread is busy, or (for a new request) waits for approvals.
    """
    if not create_thread:
        await asyncio.to_thread(check_owner, runtime, context, thread_id)  # 404 before 409
    slots = await take_slot(runtime, thread_id)  # held until the run's task ends
    locks = ExitStack()
    locks.callback(slots.release)  # released last, after the thread's lock
    run_id = run_id or uuid.uuid4().hex
    drive = _Drive(runtime, context, run_id, thread_id, streaming, configurable or {})
    admission = _Admission(drive, kind, run_input, prepare, cron_id)
    # No await since the slot was taken: a shutdown that closed the slots sees this launch.
    launch = asyncio.ensure_future(admission.launch(graph_input, locks, sink))
    runtime.launches.add(launch)
    launch.add_done_callback(runtime.launches.discard)
    try:
        return await asyncio.shield(launch)
    except asyncio.CancelledError:
        # The caller left (a pending run was cancelled, a request was): the launch still
        # finishes its worker-thread steps, so a lock taken as the caller left is not left
        # to the garbage collector; the run it started is cancelled and records itself so.
        launch.add_done_callback(_cancel_launched)
        raise


async def take_slot(runtime: AppRuntime, thread_id: str) -> RunSlots:
    """Take one of the process's run slots for a run on ``thread_id``; the slots.

    The caller gives it back (``release``) when the run ends or cannot start. REST, the
    LangGraph server API, schedules and in-process AG-UI runs all take theirs here.

    Raises:
        ConflictError: every slot is taken and the thread is busy (a 409 at once, not a
            503 after waiting for a slot).
        ServiceBusyError: no slot came free within the wait, or the server is shutting down.
    """
    slots = run_slots(runtime)
    if slots.full() and thread_id in await asyncio.to_thread(
        held_threads, runtime.services.engine, [thread_id]
    ):
        raise ConflictError(f"thread {thread_id} is busy with another run")
    await slots.acquire()
    return slots


async def settle_launches(runtime: AppRuntime) -> None:
    """Start no new run here, then wait until every start under way has settled.

    A shutdown calls this before it cancels ``runtime.live_runs``: a run whose start is
    in flight is not in ``live_runs`` yet, and would otherwise begin after the shutdown
    took stock and outlive it. Once this returns, each such run is in ``live_runs`` (or
    has ended), or its start failed and gave back its lock and slot. Launches are
    awaited, not cancelled: a launch cancelled inside a worker-thread step could leave
    a lock taken in that thread to the garbage collector.
    """
    run_slots(runtime).close()
    while runtime.launches:
        await asyncio.gather(*runtime.launches, return_exceptions=True)


def _cancel_launched(launch: asyncio.Future[RunHandle]) -> None:
    """Cancel the run a launch started for a caller that has gone (a failed one cleaned up)."""
    if launch.cancelled() or launch.exception() is not None:
        return
    launch.result().task.cancel()


@dataclass(frozen=True)
class _Admission:
    """What ``start`` does once it holds a slot: lock, check, record, then start the task."""

    drive: _Drive
    kind: str
    run_input: dict[str, Any]
    prepare: Callable[[], Awaitable[None]] | None
    cron_id: int | None

    async def launch(
        self,
        graph_input: dict[str, Any] | Command[Any],
        locks: ExitStack,
        sink: Callable[[Any], None] | None,
    ) -> RunHandle:
        """The started run; ``locks`` (with the slot) are released if it cannot start."""
        drive = self.drive
        runtime, context = drive.runtime, drive.context
        run_id, thread_id = drive.run_id, drive.thread_id
        try:
            await asyncio.to_thread(
                locks.enter_context, thread_lock(runtime.services.engine, thread_id)
            )
            # A dead process's approved actions are finished before the new input is applied.
            await in_graph_thread(
                recover_thread,
                runtime.services,
                runtime.graph,
                thread_id,
                tenant_id=context.tenant_id,
            )
            if self.prepare is not None:
                await self.prepare()
            await _check_waiting(runtime, thread_id, resume=self.kind == "resume")
            await asyncio.to_thread(
                record_start,
                runtime,
                context,
                run_id,
                thread_id,
                self.kind,
                self.run_input,
                self.cron_id,
            )
        except BaseException:
            await asyncio.to_thread(locks.close)
            raise
        started = asyncio.Event()
        task = asyncio.create_task(
            drive(graph_input, locks, sink, started), name=f"switchboard-run-{run_id}"
        )
        runtime.live_runs[run_id] = task
        task.add_done_callback(lambda _: runtime.live_runs.pop(run_id, None))
        # A task cancelled before its first step (a cancel or a shutdown that found it in
        # ``live_runs``) never runs its body nor its cleanup: it is ended here instead, so
        # nobody waits for a ``started`` that never comes and nothing stays held.
        if not await _until_started(task, started):
            await drive.unstarted(locks, sink)
        return RunHandle(run_id, thread_id, task)


async def _until_started(task: asyncio.Task[None], started: asyncio.Event) -> bool:
    """Wait until ``task`` has entered its body (True) or ended without doing so (False)."""
    entered = asyncio.ensure_future(started.wait())
    try:
        await asyncio.wait({task, entered}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        entered.cancel()
    return started.is_set()


def run_slots(runtime: AppRuntime) -> RunSlots:
    """The process's run slots, built on first use when the runtime was given none."""
    if runtime.run_slots is None:
        runtime.run_slots = slots_for(runtime.services.settings, runtime.services.engine)
    return runtime.run_slots


def live_ids(runtime: AppRuntime) -> frozenset[str]:
    """Ids of the runs executing in this process (safe from worker threads)."""
    return frozenset(runtime.live_runs.copy())  # dict.copy holds the GIL throughout


async def cancel(runtime: AppRuntime, run_id: str) -> bool:
    """Cancel a live run and wait until it has recorded itself; False if it is not live here."""
    task = runtime.live_runs.get(run_id)
    if task is None:
        return False
    task.cancel()
    await asyncio.wait({task}, timeout=CANCEL_WAIT_SECONDS)
    return True


class _Publisher:
    """Passes a run's events to ``sink`` and to its log (``RunEventWriter``: never waits
    on the log, and a log that fails is left, not the run; its readers end when they find
    the run ended through its record)."""

    def __init__(self, runtime: AppRuntime, run_id: str, sink: Callable[[Any], None] | None):
        self.sink = sink
        self.writer = RunEventWriter(runtime.run_events, run_id)

    def __call__(self, event: Any) -> None:
        if self.sink is not None:
            self.sink(event)
        self.writer.put(as_record(event))

    async def close(self) -> None:
        """Tell ``sink`` the run ended and close the log (even when ``sink`` fails)."""
        try:
            if self.sink is not None:
                self.sink(None)
        finally:
            await self.writer.close()


@dataclass(frozen=True)
class _Drive:
    """One run's task body: stream the graph, publish its events, record how it ended."""

    runtime: AppRuntime
    context: Context
    run_id: str
    thread_id: str
    streaming: Streaming
    configurable: dict[str, Any]

    async def __call__(
        self,
        graph_input: dict[str, Any] | Command[Any],
        locks: ExitStack,
        sink: Callable[[Any], None] | None,
        started: asyncio.Event,
    ) -> None:
        started.set()
        runtime, run_id, thread_id = self.runtime, self.run_id, self.thread_id
        usage = RunUsageHandler()
        config: dict[str, Any] = {
            "configurable": {"thread_id": thread_id, **self.configurable},
            "callbacks": [usage],
        }
        if (run_uuid := _run_uuid(run_id)) is not None:
            config["run_id"] = run_uuid  # the root run's id in callbacks and events
        ending: dict[str, Any] = {"status": "error", "error": None, "output": None, "agents": []}
        emit = _Publisher(runtime, run_id, sink)
        try:
            for event in self.streaming.first(run_id, thread_id):
                emit(event)
            async for chunk in self.streaming.source(runtime, graph_input, config, self.context):
                for event in self.streaming.events(chunk):
                    emit(event)
            snapshot = await runtime.graph.aget_state({"configurable": {"thread_id": thread_id}})
            ending.update(_outcome(snapshot.values, [i.value for i in snapshot.interrupts]))
        except asyncio.CancelledError:
            ending.update(status="cancelled", error="cancelled on request")
            raise
        except Exception as exc:  # a failed run is recorded, never raised into the loop
            log.exception("run %s on thread %s failed", run_id, thread_id)
            ending.update(status="error", error=f"{type(exc).__name__}: {exc}")
        finally:
            await self._end(emit, ending, usage, locks)

    async def unstarted(self, locks: ExitStack, sink: Callable[[Any], None] | None) -> None:
        """End a run whose task was cancelled before its first step (its body never ran)."""
        ending: dict[str, Any] = {
            "status": "cancelled",
            "error": "cancelled before it started",
            "output": None,
            "agents": [],
        }
        emit = _Publisher(self.runtime, self.run_id, sink)
        try:
            for event in self.streaming.first(self.run_id, self.thread_id):
                emit(event)
        finally:
            await self._end(emit, ending, RunUsageHandler(), locks)

    async def _end(
        self,
        emit: _Publisher,
        ending: dict[str, Any],
        usage: UsageMetadataCallbackHandler,
        locks: ExitStack,
    ) -> None:
        """Record the end, free the thread, then send the ending events and close the log.

        The log and ``sink`` are closed whatever fails before: their readers (a stream,
        a LangGraph ``wait``/``join``, a queued run behind this one) wait for that close.
        """
        try:
            await record_ending(
                self.runtime, self.context, self.run_id, self.thread_id, ending, usage, locks
            )
        finally:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(self._finish(emit, ending))

    async def _finish(self, emit: _Publisher, ending: dict[str, Any]) -> None:
        """The ending events and the log's end marker (shielded: a cancel has come already)."""
        try:
            for event in self.streaming.ending(self.run_id, ending):
                emit(event)
        except Exception:  # the log still closes: its readers end instead of waiting
            log.exception("run %s: its ending events failed", self.run_id)
        finally:
            await emit.close()


async def record_ending(
    runtime: AppRuntime,
    context: Context,
    run_id: str,
    thread_id: str,
    ending: dict[str, Any],
    usage: UsageMetadataCallbackHandler,
    locks: ExitStack,
    worker_id: str | None = None,
) -> bool:
    """Record how a run ended (its tokens, its agents) and release its thread's lock.

    Shielded from a cancel that has come already. A failure to record is added to
    ``ending["error"]`` instead of raised: the run's stream must still end, with the reason.
    True when the end was recorded.

    Raises:
        RunTakenOverError: ``worker_id`` (a queue worker's attempt) no longer has the
            run; nothing was recorded (the lock is released all the same).
    """
    tokens_in = sum(u.get("input_tokens", 0) for u in usage.usage_metadata.values())
    tokens_out = sum(u.get("output_tokens", 0) for u in usage.usage_metadata.values())
    if not ending["agents"]:
        ending["agents"] = await _agents_so_far(runtime, thread_id)
    finished = asyncio.to_thread(
        record_end, runtime, context, run_id, ending, tokens_in, tokens_out, locks, worker_id
    )
    try:
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(finished)
    except RunTakenOverError:
        raise
    except Exception as exc:
        log.exception("run %s on thread %s: recording its end failed", run_id, thread_id)
        ending["error"] = "; ".join(
            filter(None, [ending.get("error"), f"recording the run failed: {exc}"])
        )
        return False
    return True


def _run_uuid(run_id: str) -> uuid.UUID | None:
    """The run id as the UUID LangChain callbacks carry (None when it is not one)."""
    try:
        return uuid.UUID(run_id)
    except ValueError:
        return None


def _outcome(values: dict[str, Any], interrupts: list[Any]) -> dict[str, Any]:
    results = list((values.get("results") or {}).values())
    agents = list((values.get("route") or {}).get("agents", []))
    return {
        "status": "interrupted" if interrupts else "done",
        "agents": agents,
        "output": {
            "answer": values.get("answer", ""),
            "interrupts": interrupts,
            "departments": {r["department"]: r["status"] for r in results},
        },
    }


async def _agents_so_far(runtime: AppRuntime, thread_id: str) -> list[str]:
    try:
        snapshot = await asyncio.shield(
            runtime.graph.aget_state({"configurable": {"thread_id": thread_id}})
        )
    except (Exception, asyncio.CancelledError):  # the agents are a nicety on a failed run
        return []
    return list((snapshot.values.get("route") or {}).get("agents", []))


async def _check_waiting(runtime: AppRuntime, thread_id: str, *, resume: bool) -> None:
    """A new request needs a thread that waits for nothing; a resume needs a waiting one."""
    snapshot = await runtime.graph.aget_state({"configurable": {"thread_id": thread_id}})
    if snapshot.interrupts and not resume:
        raise ConflictError(
            f"thread {thread_id} is waiting for approval of its actions; decide them "
            "(POST /approvals/{id}/approve|reject|edit) before sending a new request"
        )
    if resume and not snapshot.interrupts:
        raise ConflictError(f"thread {thread_id} waits for no approval; there is nothing to resume")
