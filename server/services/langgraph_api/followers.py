"""A server API run's stream as SSE bytes, read from the run's log in any API process.

Each event carries its log id (``id:``), so a client that lost the stream (the SDK
reconnects to the response's ``Location``) sends it back as ``Last-Event-ID`` and gets
exactly the rest. The stream always ends: at the log's end marker, or with an ``error``
event when the run ended in error without closing its log or the log cannot be read.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from domain.errors import NotFoundError
from domain.models import RunRecord
from server.auth import Principal
from server.runtime import AppRuntime
from server.services.langgraph_api.runs import LiveRun
from server.services.langgraph_api.serde import dumps
from server.services.run_owners import RunOwnerGoneError, still_running
from server.services.run_queries import owned_run
from server.services.run_streams import LogEndedError, follow, follow_batches

log = logging.getLogger("switchboard.server.langgraph_api")


async def recorded(
    runtime: AppRuntime, principal: Principal, run_id: str
) -> tuple[str, str | None]:
    """The run's recorded status and error (``("gone", None)`` without a record)."""

    def read() -> tuple[str, str | None]:
        with runtime.services.scope(principal.tenant_id, actor=principal.actor) as scope:
            try:
                record = owned_run(scope, run_id)
            except NotFoundError:  # a rolled-back run's record is deleted
                return "gone", None
            return record.status, record.error

    return await asyncio.to_thread(read)


def _reader(
    runtime: AppRuntime, principal: Principal, run_id: str
) -> Callable[[], Awaitable[RunRecord | None]]:
    """Reads the run's record (None without one: a rolled-back run's is deleted)."""

    def read() -> RunRecord | None:
        with runtime.services.scope(principal.tenant_id, actor=principal.actor) as scope:
            try:
                return owned_run(scope, run_id)
            except NotFoundError:
                return None

    async def in_thread() -> RunRecord | None:
        return await asyncio.to_thread(read)

    return in_thread


def owner_gone(gone: RunOwnerGoneError) -> dict[str, Any]:
    """The ``error`` event's data (and a wait's ``__error__``) of a run whose process died."""
    return {"error": type(gone).__name__, "message": str(gone)}


def _event(name: str, data: Any, event_id: str | None = None) -> bytes:
    line = f"id: {event_id}\n" if event_id else ""
    return f"event: {name}\ndata: {dumps(data)}\n{line}\n".encode()


async def run_stream(
    runtime: AppRuntime,
    principal: Principal,
    run_id: str,
    live: LiveRun | None,
    after: str | None = None,
) -> AsyncIterator[bytes]:
    """The run's events after ``after`` (all when None) as SSE, until the run's stream ends."""

    read = _reader(runtime, principal, run_id)

    async def running() -> bool:
        if live is not None and not live.finished:
            return True
        return await still_running(runtime, read)

    idle = runtime.services.settings.stream_idle_check_seconds
    try:
        try:
            async for batch in follow_batches(
                runtime.run_events, run_id, after, running=running, idle=idle
            ):  # the events the log had ready at once: one write
                yield b"".join(_event(e["event"], e["data"], event_id) for event_id, e in batch)
        except LogEndedError:
            if (failed := await failure(runtime, principal, run_id)) is not None:
                yield _event("error", failed)
        except RunOwnerGoneError as gone:  # its process died: no end will come
            yield _event("error", owner_gone(gone))
    except Exception as exc:  # the stream ends with the reason, never hangs or breaks off
        log.exception("run %s: its event stream failed", run_id)
        message = f"the run's events cannot be read: {exc}"
        yield _event("error", {"error": type(exc).__name__, "message": message})


async def failure(runtime: AppRuntime, principal: Principal, run_id: str) -> dict[str, Any] | None:
    """The ``error`` event's data of a run recorded as failed; None otherwise."""
    status, error = await recorded(runtime, principal, run_id)
    if status != "error":
        return None
    kind, _, text = (error or "Error: the run failed").partition(": ")
    return {"error": kind if text else "Error", "message": text or kind}


async def wait_ended(
    runtime: AppRuntime, principal: Principal, run_id: str
) -> dict[str, Any] | None:
    """Return once a run of another process has ended (its log's end, or its record's).

    Returns:
        The error of a run whose process died before it ended (``owner_gone``), else None.
    """
    read = _reader(runtime, principal, run_id)

    async def running() -> bool:
        return await still_running(runtime, read)

    idle = runtime.services.settings.stream_idle_check_seconds
    try:
        try:
            async for _ in follow(runtime.run_events, run_id, None, running=running, idle=idle):
                pass
        except (LogEndedError, RunOwnerGoneError):
            raise
        except Exception:  # the log cannot be read: its record tells when it has ended
            log.exception("run %s: its event log cannot be read; polling its record", run_id)
            while await running():
                await asyncio.sleep(idle)
    except LogEndedError:
        return None
    except RunOwnerGoneError as gone:
        return owner_gone(gone)
    return None
