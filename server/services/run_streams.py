"""Following a run's event log for an SSE response: from the start or after an id, to the end.

A stream must always end. The log's end marker ends it normally; a log that is silent
for ``idle`` seconds makes ``follow`` ask whether the run is still going: its record,
and whether its process still lives (``server.services.run_owners``: a run whose
process died ends its stream with an ``error`` event at once). A run that ended without
closing its log (it never wrote one: runs of the CLI or AG-UI; or its recording failed)
raises ``LogEndedError`` after one more quiet period, so the route can end the stream
with what the record says. Errors of the log itself (Redis gone) propagate: the route
ends the stream with an ``error`` event.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from typing import Any

from fastapi.sse import ServerSentEvent

from adapters.run_events import RunEventLog
from adapters.run_events.protocol import Logged, one_by_one
from domain.models import RunRecord
from server.auth import Principal
from server.runtime import AppRuntime
from server.services.ownership import run_of_tenant
from server.services.run_events import RunEvent
from server.services.run_owners import ACTIVE, RunOwnerGoneError, still_running

__all__ = [
    "ACTIVE",
    "LogEndedError",
    "console_events",
    "end_from_record",
    "follow",
    "follow_batches",
]

log = logging.getLogger("switchboard.server.run_streams")


class LogEndedError(Exception):
    """The run ended but its log has no end marker: the rest of its events will not come."""


async def follow_batches(
    log: RunEventLog,
    run_id: str,
    after: str | None,
    *,
    running: Callable[[], Awaitable[bool]],
    idle: float,
) -> AsyncIterator[list[Logged]]:
    """The run's ``(id, event)`` after ``after`` until its log's end marker, in lists.

    Each list is every event the log had when the last one was written, never waiting
    for more (``RunEventLog.read_batches``): a stream writes it in one send. A read that
    waits ``idle`` seconds is cancelled (no task per read: a timer), the run is checked,
    and the log is read again after the last id seen.

    Raises:
        LogEndedError: the log was silent, and ``running()`` said no twice in a row.
    """
    cursor, quiet_ended = after, 0
    while True:
        batches = log.read_batches(run_id, cursor)
        try:
            while True:
                timer = asyncio.timeout(idle)
                try:
                    async with timer:
                        batch = await anext(batches)
                except StopAsyncIteration:
                    return
                except TimeoutError:
                    if not timer.expired():
                        raise
                    break  # silent for ``idle`` seconds: the read was cancelled
                quiet_ended, cursor = 0, batch[-1][0]
                yield batch
        finally:
            if isinstance(batches, AsyncGenerator):
                await batches.aclose()
        quiet_ended = 0 if await running() else quiet_ended + 1
        if quiet_ended >= 2:  # one more quiet period: its marker would have come
            raise LogEndedError(f"run {run_id} ended without closing its event log")


def follow(
    log: RunEventLog,
    run_id: str,
    after: str | None,
    *,
    running: Callable[[], Awaitable[bool]],
    idle: float,
) -> AsyncIterator[Logged]:
    """``follow_batches`` one event at a time (for readers that do not write a stream)."""
    return one_by_one(follow_batches(log, run_id, after, running=running, idle=idle))


def end_from_record(run: RunRecord) -> RunEvent:
    """The ``end`` event of a run as its record tells it (when its log cannot)."""
    end: dict[str, Any] = {"run_id": run.id, "status": run.status, "agents": list(run.agents)}
    answer = (run.output or {}).get("answer")
    if answer:
        end["answer"] = answer
    if run.error:
        end["error"] = run.error
    return RunEvent("end", end)


async def console_events(
    runtime: AppRuntime,
    principal: Principal,
    run_id: str,
    after: str | None = None,
    joined: RunRecord | None = None,
) -> AsyncIterator[list[ServerSentEvent]]:
    """A console run's events as server-sent events with ids, in batches; always ends.

    Each list is what the log had ready at once (``follow_batches``), written in one send.

    Normally with the log's own ``end`` event; with an ``end`` built from the run's
    record when the log has no end (expired, never written, or its writer died); with an
    ``error`` event when the log or the database cannot be read. ``joined``: the run's
    record as a join found it (a finished run whose log has expired ends at once).
    """

    async def read() -> RunRecord:
        return await run_of_tenant(runtime, principal, run_id)

    async def running() -> bool:
        return await still_running(runtime, read)

    idle = runtime.services.settings.stream_idle_check_seconds
    try:
        gone = joined is not None and joined.status not in ACTIVE
        if gone and joined is not None and not await runtime.run_events.exists(run_id):
            yield [_sse(end_from_record(joined))]  # ended, and its log has expired
            return
        try:
            async for batch in follow_batches(
                runtime.run_events, run_id, after, running=running, idle=idle
            ):
                yield [relayed(event_id, event) for event_id, event in batch]
        except LogEndedError:
            yield [_sse(end_from_record(await run_of_tenant(runtime, principal, run_id)))]
        except RunOwnerGoneError as gone:  # its process died: no end will come
            yield [_sse(RunEvent("error", {"run_id": run_id, "error": str(gone)}))]
    except Exception as exc:  # the stream ends with the reason, never hangs or breaks off
        log.exception("run %s: its event stream failed", run_id)
        yield [
            _sse(
                RunEvent(
                    "error",
                    {
                        "run_id": run_id,
                        "error": f"the run's events cannot be read ({type(exc).__name__}: {exc}); "
                        f"GET /runs/{run_id} tells how it ends",
                    },
                )
            )
        ]


def relayed(event_id: str, event: dict[str, Any]) -> ServerSentEvent:
    """A logged event as a server-sent event, its data encoded once here.

    A log holds JSON-able data only (``background_runs.as_record``; Redis hands back
    what ``json.loads`` read), so ``json.dumps`` writes the bytes FastAPI would, without
    its ``jsonable_encoder`` walk over every value of every event. Data with a NaN or an
    infinity goes FastAPI's way (it writes them as null).
    """
    try:
        raw = json.dumps(event["data"], allow_nan=False)
    except ValueError:
        return ServerSentEvent(event=event["event"], data=event["data"], id=event_id)
    return ServerSentEvent(event=event["event"], raw_data=raw, id=event_id)


def _sse(event: RunEvent) -> ServerSentEvent:
    return ServerSentEvent(event=event.event, data=event.data)
