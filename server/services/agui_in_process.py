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
from server.runtime import AppRuntime
from server.services import queued_agui
from server.services.background_runs import take_slot
from server.services.run_slots import RunSlots
from switchboard.recovery import recover_thread

GONE_BEFORE_STREAM = "the client disconnected before its stream began"
GONE_DURING_ADMISSION = "the request was cancelled while its run was being admitted"

T = TypeVar("T")


@dataclass
class InProcessRun:
    """An admitted AG-UI run: its record, and the lock and slot it holds (``locks``)."""

    runtime: AppRuntime
    context: Context
    record_id: str
    locks: ExitStack
    ended: bool = False

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
                await asyncio.to_thread(self.locks.close)

    def _record_end(self, status: str, error: str | None) -> None:
        runtime, context = self.runtime, self.context
        with runtime.services.scope(context.tenant_id, actor=context.actor) as scope:
            runs.finish_run(scope, self.record_id, status=status, output=None, error=error)


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
    return InProcessRun(runtime, context, record_id, locks)


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
