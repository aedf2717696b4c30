"""``/langgraph/threads/{id}/runs``: start, stream, wait for, join, list and cancel runs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Response
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy import select

from adapters.run_events import check_event_id
from domain.errors import ConflictError, NotFoundError
from domain.models import RunRecord
from server.auth import Principal
from server.deps import GraphRunCtxDep, OperatorDep, PrincipalDep, RuntimeDep, context_for
from server.routers.params import RunIdPath, ThreadIdPath
from server.runtime import AppRuntime
from server.schemas.common import BODY_ERRORS, error_responses
from server.schemas.langgraph_api import RunCreate
from server.services.langgraph_api import followers, queued, runs, shapes, threads
from server.services.langgraph_api.runs import LiveRun
from server.services.run_queries import owned_run

router = APIRouter(prefix="/threads/{thread_id}/runs", tags=["langgraph: runs"])
RUN_ERRORS = error_responses(404, 409, *BODY_ERRORS)
EVENT_STREAM: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Server-sent events: `metadata`, then one event per chunk of each "
        "requested stream mode (`values`, `updates`, `messages/partial`, `custom`, "
        "`events`, `debug`...; `mode|namespace` from subgraphs), `error` if it fails.",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    }
}


def _where(live: LiveRun, then: str = "join") -> dict[str, str]:
    """``Location``: where to follow the run (``join``, or ``stream`` to resume a stream)."""
    base = f"/threads/{live.thread_id}/runs/{live.run_id}"
    return {"Location": f"{base}/{then}", "Content-Location": base}


async def _sse(
    runtime: AppRuntime,
    principal: Principal,
    run_id: str,
    live: LiveRun | None,
    after: str | None,
    cancel_on_leave: bool,
) -> AsyncIterator[bytes]:
    followed = None if live is None or live.queued else live  # a queued run: its record
    completed = False
    try:
        async for chunk in followers.run_stream(runtime, principal, run_id, followed, after):
            yield chunk
        completed = True  # the run's stream ended: nothing to cancel
    finally:
        if cancel_on_leave and not completed and live is not None and not live.finished:
            _later(runs.cancel(runtime, context_for(principal), live))


_BACKGROUND: set[asyncio.Task[Any]] = set()


def _later(work: Any) -> None:
    """Run ``work`` after the response, keeping a reference until it is done."""
    task = asyncio.get_running_loop().create_task(work)
    _BACKGROUND.add(task)
    task.add_done_callback(_BACKGROUND.discard)


@router.post("", response_model=dict[str, Any], summary="Start a run", responses=RUN_ERRORS)
async def create_run(
    thread_id: ThreadIdPath, body: RunCreate, runtime: RuntimeDep, context: GraphRunCtxDep
) -> JSONResponse:
    """Start (or queue) a run; answers at once with the run."""
    live = await runs.submit(runtime, context, thread_id, body)
    return JSONResponse(live.view(), headers=_where(live))


@router.post(
    "/stream",
    response_class=StreamingResponse,
    summary="Start a run and stream it (server-sent events)",
    responses={**EVENT_STREAM, **error_responses(404, 409, *BODY_ERRORS, json_only=True)},
)
async def stream_run(
    thread_id: ThreadIdPath,
    body: RunCreate,
    runtime: RuntimeDep,
    context: GraphRunCtxDep,
    principal: PrincipalDep,
) -> StreamingResponse:
    """The run's events in the requested stream modes until it ends."""
    live = await runs.submit(runtime, context, thread_id, body)
    events = _sse(runtime, principal, live.run_id, live, None, body.on_disconnect == "cancel")
    headers = _where(live, "stream")  # the SDK resumes a broken stream there
    return StreamingResponse(events, media_type="text/event-stream", headers=headers)


@router.post(
    "/wait",
    response_model=dict[str, Any],
    summary="Run and wait for the result",
    responses=RUN_ERRORS,
)
async def wait_run(
    thread_id: ThreadIdPath,
    body: RunCreate,
    runtime: RuntimeDep,
    context: GraphRunCtxDep,
    principal: PrincipalDep,
) -> JSONResponse:
    """The thread's values when the run ends (with ``__interrupt__`` when it waits)."""
    live = await runs.submit(runtime, context, thread_id, body)
    if not live.queued:
        await live.wait()
        return JSONResponse(await runs.final_values(runtime, live, thread_id), headers=_where(live))
    gone = await followers.wait_ended(runtime, principal, live.run_id)  # on a worker
    error = gone or await followers.failure(runtime, principal, live.run_id)
    values = await runs.final_values(runtime, None, thread_id, error)
    return JSONResponse(values, headers=_where(live))


def _records(runtime: AppRuntime, principal: Principal, thread_id: str) -> list[RunRecord]:
    with runtime.services.scope(principal.tenant_id, actor=principal.actor) as scope:
        found = list(
            scope.session.scalars(
                select(RunRecord)
                .where(RunRecord.tenant_id == scope.tenant_id, RunRecord.thread_id == thread_id)
                .order_by(RunRecord.started_at.desc(), RunRecord.id.desc())
            )
        )
        for record in found:
            scope.session.expunge(record)
        return found


@router.get("", summary="List the thread's runs, newest first", responses=error_responses(404))
async def list_runs(
    thread_id: ThreadIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 10,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    status: Annotated[
        Literal["pending", "running", "error", "success", "timeout", "interrupted"] | None,
        Query(),
    ] = None,
) -> list[Any]:
    """Queued and running runs first, then the recorded ones."""
    await threads.owned(runtime, principal, thread_id)
    live = [r.view() for r in reversed(runs.live_on(runtime, thread_id))]
    seen = {r["run_id"] for r in live}
    recorded = [
        _shown(record)
        for record in await asyncio.to_thread(_records, runtime, principal, thread_id)
        if record.id not in seen
    ]
    shown = [r for r in live + recorded if status in (None, r["status"])]
    return shown[offset : offset + limit]


def _shown(record: RunRecord) -> dict[str, Any]:
    return shapes.run(record, run_id=record.id, thread_id=record.thread_id)


async def _run(
    runtime: AppRuntime, principal: Principal, thread_id: str, run_id: str
) -> tuple[LiveRun | None, dict[str, Any]]:
    await threads.owned(runtime, principal, thread_id)
    live = runs.board(runtime).get(run_id)
    if live is not None and live.thread_id == thread_id:
        return live, live.view()

    def read() -> dict[str, Any]:
        with runtime.services.scope(principal.tenant_id, actor=principal.actor) as scope:
            record = owned_run(scope, run_id)
            if record.thread_id != thread_id:
                raise NotFoundError("run", run_id, argument="run_id")
            return _shown(record)

    return None, await asyncio.to_thread(read)


@router.get("/{run_id}", summary="One run", responses=error_responses(404))
async def get_run(
    thread_id: ThreadIdPath, run_id: RunIdPath, runtime: RuntimeDep, principal: PrincipalDep
) -> dict[str, Any]:
    """The run's status, strategy and kwargs."""
    return (await _run(runtime, principal, thread_id, run_id))[1]


@router.delete(
    "/{run_id}", status_code=204, summary="Delete a run", responses=error_responses(404, 409)
)
async def delete_run(
    thread_id: ThreadIdPath, run_id: RunIdPath, runtime: RuntimeDep, principal: OperatorDep
) -> Response:
    """Delete a finished run's record (a queued or running one: cancel it first)."""
    live, shown = await _run(runtime, principal, thread_id, run_id)
    if live is not None or shown["status"] in ("pending", "running"):
        raise ConflictError(f"run {run_id} has not finished; cancel it first")
    await asyncio.to_thread(runs._delete_record, runtime, context_for(principal), run_id)
    return Response(status_code=204)


@router.get(
    "/{run_id}/join",
    response_model=dict[str, Any],
    summary="Wait for a run's result",
    responses=error_responses(404),
)
async def join_run(
    thread_id: ThreadIdPath, run_id: RunIdPath, runtime: RuntimeDep, principal: PrincipalDep
) -> Any:
    """The thread's values once the run has ended (in this process or another)."""
    live, shown = await _run(runtime, principal, thread_id, run_id)
    if live is not None:
        await live.wait()
        return await runs.final_values(runtime, live, thread_id)
    gone = None
    if shown["status"] in ("pending", "running"):
        gone = await followers.wait_ended(runtime, principal, run_id)
    error = gone or await followers.failure(runtime, principal, run_id)
    return await runs.final_values(runtime, None, thread_id, error)


@router.get(
    "/{run_id}/stream",
    response_class=StreamingResponse,
    summary="Follow a run's stream (server-sent events)",
    responses={**EVENT_STREAM, **error_responses(404, json_only=True)},
)
async def join_stream(
    thread_id: ThreadIdPath,
    run_id: RunIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    cancel_on_disconnect: bool = False,
    last_event_id: Annotated[str | None, Header(max_length=100)] = None,
) -> StreamingResponse:
    """The run's events from the start (or after ``Last-Event-ID``) until it ends.

    The run may execute in another API process: its events come from the shared log.
    A finished run whose log has expired has an empty stream.
    """
    after = check_event_id(last_event_id)
    live, shown = await _run(runtime, principal, thread_id, run_id)
    ended = live is None and shown["status"] not in ("pending", "running")
    if ended and not await runtime.run_events.exists(run_id):
        return StreamingResponse(iter(()), media_type="text/event-stream")
    events = _sse(runtime, principal, run_id, live, after, cancel_on_disconnect)
    return StreamingResponse(events, media_type="text/event-stream")


@router.post("/{run_id}/cancel", summary="Cancel a run", responses=error_responses(404, 409))
async def cancel_run(
    thread_id: ThreadIdPath,
    run_id: RunIdPath,
    runtime: RuntimeDep,
    principal: OperatorDep,
    wait: bool = False,
    action: Literal["interrupt", "rollback"] = "interrupt",
) -> Any:
    """Stop a queued or running run; ``rollback`` also deletes it."""
    live, shown = await _run(runtime, principal, thread_id, run_id)
    context = context_for(principal)
    rollback = action == "rollback"
    if live is not None:
        cancelling = runs.cancel(runtime, context, live, rollback=rollback)
    elif runtime.run_queue is not None and shown["status"] in ("pending", "running"):
        cancelling = queued.cancel(runtime, context, thread_id, run_id, rollback=rollback)
    else:
        raise ConflictError(f"run {run_id} is not running (it ended: {shown['status']})")
    if not wait:
        _later(cancelling)
        return Response(status_code=202)
    await cancelling
    return await runs.final_values(runtime, live, thread_id)
