"""AG-UI runs executed in this API process (no run queue): what each holds, and its end.

A run holds, for its whole life, one of the process's run slots (the ``RunSlots`` REST
runs take, ``background_runs.take_slot``), its thread's lock and a run record. Without
the slot a burst of AG-UI chats took every pooled database connection (each run's lock
holds one while it takes others) and starved every other request. A full house is
answered as REST's is: the request waits up to ``run_slot_wait_seconds`` for a slot,
then gets 503 with ``Retry-After``; a busy thread is a 409 at once.

``InProcessRun.end`` records how the run ended and gives back the lock, then the slot,
exactly once, whichever way the response ends: the event stream's own ``finally``
(finished, failed, or the client gone mid-stream), or, for a client gone before the
stream began, ``LeasedStreamingResponse``. Starlette never starts the body iterator of
a response whose client has already disconnected, so that generator's ``finally``
never runs and the run stayed ``running`` with its thread locked. A request cancelled
while it is being admitted (``admit``) ends the run its admission recorded the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
from ag_ui.core.types import RunAgentInput
from fastapi.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from adapters.graph_threads import in_graph_thread
from adapters.thread_locks import thread_lock
from domain import runs
from graphs.context import Context
from server.batched_sse import queued_now
from server.runtime import AppRuntime
from server.services import queued_agui
from server.services.background_runs import take_slot
from server.services.run_slots import RunSlots
from switchboard.recovery import recover_thread

GONE_BEFORE_STREAM = "the client disconnected before its stream began"
GONE_DURING_ADMISSION = "the request was cancelled while its run was being admitted"

T = TypeVar("T")
E = TypeVar("E")

QUEUED_EVENTS = 16
"""How many events the agent may run ahead of a client reading its stream."""


class RunStoppedError(Exception):
    """The server stopped the run (a shutdown); the message says so to the client."""


@dataclass
class InProcessRun:
    """An admitted AG-UI run: its record, and the lock and slot it holds (``locks``)."""

    runtime: AppRuntime
    context: Context
    record_id: str
    locks: ExitStack
    ended: bool = False
    stopping: str | None = None
    """Why the server stopped the run (``stop``), once it has."""
    _pump: asyncio.Task[None] | None = None

    async def end(self, status: str, error: str | None) -> None:
        """Record the run's end, then free its thread and slot; later calls do nothing.

        Shielded: a cancelled request must still record its end and free the thread.
        """
        if self.ended:
            return
        self.ended = True
        with anyio.CancelScope(shield=True):
            try:
                await asyncio.to_thread(self._record_end, status, error)
            finally:
                self.runtime.agui_runs.pop(self.record_id, None)
                await asyncio.to_thread(self.locks.close)

    def _record_end(self, status: str, error: str | None) -> None:
        runtime, context = self.runtime, self.context
        with runtime.services.scope(context.tenant_id, actor=context.actor) as scope:
            runs.finish_run(scope, self.record_id, status=status, output=None, error=error)

    async def relay(self, events: AsyncIterator[E]) -> AsyncIterator[list[E]]:
        """``events`` as the run produces them, until they end or the server stops the run.

        The agent's events are pulled by a task of their own (one task, so the context
        variables the agent sets hold from one event to the next), which ``stop`` cancels:
        a shutdown ends the run at its next await even while the client waits for an
        event. A client gone (this generator closed) cancels that task too.

        Each item is every event the agent has produced since the last one, in order,
        never waiting for more: the caller writes them to the socket together. The agent
        runs ahead until its next real wait (a checkpoint write, a model call), so its
        events come in bursts; one write per event cost a send, a chunk and a wake-up
        each, about a tenth of a run's server CPU for the sixty events of a refund run.

        Raises:
            RunStoppedError: the server stopped the run (after the events sent before).
        """
        queue: asyncio.Queue[E] = asyncio.Queue(maxsize=QUEUED_EVENTS)

        async def pump() -> None:
            try:
                async for event in events:
                    await queue.put(event)
            finally:  # stopped at a put: the agent's generator ends here, not when collected
                aclose = getattr(events, "aclose", None)
                if aclose is not None:
                    await aclose()

        if self.stopping is not None:  # stopped before its stream began
            raise RunStoppedError(self.stopping)
        self._pump = pumping = asyncio.create_task(pump(), name=f"agui-run-{self.record_id}")
        try:
            while True:
                getter = asyncio.ensure_future(queue.get())
                try:
                    await asyncio.wait({getter, pumping}, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    getter.cancel()
                if getter.done() and not getter.cancelled():
                    yield [getter.result(), *queued_now(queue)]
                    continue
                if not queue.empty():  # the events put before the agent ended
                    yield queued_now(queue)
                if self.stopping is not None:
                    raise RunStoppedError(self.stopping)
                pumping.result()  # the agent's own failure, if it failed
                return
        finally:
            if not pumping.done():
                pumping.cancel()
            with anyio.CancelScope(shield=True):
                await asyncio.gather(pumping, return_exceptions=True)

    async def stop(self, reason: str) -> None:
        """End the run for a shutdown: recorded cancelled for ``reason``, thread and slot freed.

        Its stream ends with RUN_ERROR saying ``reason`` (``relay``). A run whose agent has
        already finished is left to its stream, which records how it ended.
        """
        pumping = self._pump
        if self.ended or (pumping is not None and pumping.done()):
            return
        self.stopping = reason
        if pumping is not None:
            pumping.cancel()
            await asyncio.gather(pumping, return_exceptions=True)
        await self.end("cancelled", reason)


async def admit(
    runtime: AppRuntime,
    context: Context,
    input_data: RunAgentInput,
    kind_of: Callable[[AppRuntime, RunAgentInput], Awaitable[str]],
) -> InProcessRun:
    """Take a run slot, then the thread's lock, recover the thread and record the run.

    ``kind_of`` tells ``run``, ``resume`` or ``reopen`` once the lock is held. Whatever
    was taken is given back if admission fails. Once the slot is taken the rest runs as
    a task of its own, shielded from the request: the lock and the record are taken in
    worker threads, which a cancel cannot stop, so a request cancelled there (its client
    or server gone) used to give back what it held while the thread went on to take the
    lock or record the run ``running``, left held or stuck. Now a cancelled request's
    admission finishes, and the run it admitted is ended as cancelled
    (``GONE_DURING_ADMISSION``). The admission is in ``runtime.launches`` until then, so
    a shutdown waits for it.

    Raises:
        ConflictError: the thread is busy (or the run id was used).
        ServiceBusyError: no run slot came free in time, or the server is shutting down.
        NotFoundError: the thread is another tenant's.
    """
    slots = await take_slot(runtime, input_data.thread_id)
    # No await from the slot to the launch: a shutdown that closed the slots sees it.
    admission = _launch(runtime, _admitted(runtime, context, input_data, kind_of, slots))
    try:
        return await asyncio.shield(admission)
    except asyncio.CancelledError:
        _launch(runtime, _abandon(admission))
        raise


def _launch(runtime: AppRuntime, step: Coroutine[Any, Any, T]) -> asyncio.Future[T]:
    """Run ``step`` as a task kept in ``runtime.launches`` until it ends."""
    task = asyncio.ensure_future(step)
    runtime.launches.add(task)
    task.add_done_callback(runtime.launches.discard)
    return task


async def _admitted(
    runtime: AppRuntime,
    context: Context,
    input_data: RunAgentInput,
    kind_of: Callable[[AppRuntime, RunAgentInput], Awaitable[str]],
    slots: RunSlots,
) -> InProcessRun:
    thread_id = input_data.thread_id
    locks = ExitStack()
    locks.callback(slots.release)  # released last, after the thread's lock
    try:
        lock = thread_lock(runtime.services.engine, thread_id)
        await asyncio.to_thread(locks.enter_context, lock)
        await in_graph_thread(  # a dead process's approved actions first (switchboard.recovery)
            recover_thread, runtime.services, runtime.graph, thread_id, tenant_id=context.tenant_id
        )
        kind = await kind_of(runtime, input_data)
        record_id = await asyncio.to_thread(
            queued_agui.record_start, runtime, context, input_data, kind, queued=False
        )
    except BaseException:
        await asyncio.to_thread(locks.close)
        raise
    run = InProcessRun(runtime, context, record_id, locks)
    runtime.agui_runs[record_id] = run  # a shutdown stops it (``stop``)
    return run


async def _abandon(admission: asyncio.Future[InProcessRun]) -> None:
    """End the run an admission admitted for a request that is gone (a failed one freed all)."""
    try:
        run = await admission
    except BaseException:  # nothing was admitted, and what was taken was given back
        return
    await run.end("cancelled", GONE_DURING_ADMISSION)


class LeasedStreamingResponse(StreamingResponse):
    """A streaming response that ends its run when it ends, however it ends.

    After the response, the body iterator is closed (its own ``finally`` records a
    client gone mid-stream) and then the run is ended, which does nothing if the
    iterator already did; one never started is recorded as cancelled here.
    """

    def __init__(self, content: AsyncIterator[str], *, run: InProcessRun, media_type: str) -> None:
        super().__init__(content, media_type=media_type)
        self.run = run
        self._content = content

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            with anyio.CancelScope(shield=True):
                try:
                    aclose = getattr(self._content, "aclose", None)
                    if aclose is not None:
                        with contextlib.suppress(Exception):
                            await aclose()
                finally:
                    await self.run.end("cancelled", GONE_BEFORE_STREAM)
