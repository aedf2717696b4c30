"""Runs: start one in the background or streamed over SSE, list, read and cancel them."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query
from langchain_core.messages import HumanMessage

from adapters.run_events import check_event_id
from domain.errors import ConflictError
from domain.models import RunRecord
from graphs.context import Context
from server.batched_sse import SSE_RESPONSE, BatchedEventSourceResponse
from server.deps import OperatorCtxDep, OperatorDep, PrincipalDep, RuntimeDep, ScopeDep
from server.routers.params import PageDep, RunIdPath, ThreadIdPath
from server.schemas.common import BODY_ERRORS, Page, error_responses
from server.schemas.runs import RunAccepted, RunCreate, RunStatus, RunView
from server.services import background_runs, queued_runs
from server.services.background_runs import live_ids
from server.services.ownership import run_of_tenant, thread_of_tenant
from server.services.run_queries import owned_run, run_page, run_view
from server.services.run_streams import console_events

router = APIRouter(tags=["runs"])

STREAM_DESCRIPTION = """Server-sent events, in order:

- `metadata`: `{run_id, thread_id}`;
- `updates`: one per graph node as it finishes: `{department, node}` plus, when present,
  `tool_calls`, `tool_results` (tool names), `agents` (the route), `result`/`results`
  (department status and summary) and `answer`;
- `interrupt`: actions waiting for approval (`action_requests`, `review_configs`,
  `action_ids`), decided through `/approvals`;
- `end`: `{run_id, status, agents, answer?, error?}`;
- `error` instead of `end` only when the run's events cannot be read any more
  (`{run_id, error}`); the run's record tells how it ends.

Each event has an `id`. The run goes on if the client disconnects; it can follow the
run again at `GET /runs/{run_id}/stream` with `Last-Event-ID` set to the last id it
received and gets exactly the events after it."""

JOIN_DESCRIPTION = """The events of a run started by any API process (see
`POST /threads/{thread_id}/runs/stream` for their list), from its first, or after the
event named by the `Last-Event-ID` header: a client that lost its stream gets the rest.
A run's events are kept `SWITCHBOARD_RUN_EVENTS_RETENTION_SECONDS` after it ends; a run
whose events are gone (or never kept: without the Redis queue, runs of the CLI, of AG-UI
and of an approval's resume) sends one `end` event built from its record when it ends."""


@router.post(
    "/threads/{thread_id}/runs",
    response_model=RunAccepted,
    status_code=202,
    summary="Start a run in the background",
    responses=error_responses(404, 409, *BODY_ERRORS),
)
async def start_run(
    thread_id: ThreadIdPath, body: RunCreate, runtime: RuntimeDep, context: OperatorCtxDep
) -> RunAccepted:
    """Run the request on the thread; 409 while the thread runs or waits for approvals."""
    run_id = await _start(runtime, context, thread_id, body.text, via="rest")
    return RunAccepted(run_id=run_id, thread_id=thread_id)


async def _start(
    runtime: RuntimeDep, context: Context, thread_id: str, text: str, *, via: str
) -> str:
    """Queue the run for a worker (with Redis) or start it in this process; its id."""
    run_input = {"text": text, "via": via}
    if runtime.run_queue is not None:
        return await queued_runs.submit(
            runtime, context, thread_id=thread_id, text=text, run_input=run_input
        )
    handle = await background_runs.start(
        runtime,
        context,
        thread_id=thread_id,
        graph_input={"messages": [HumanMessage(text)]},
        kind="run",
        run_input=run_input,
    )
    return handle.run_id


async def _streamed_run(
    thread_id: ThreadIdPath, body: RunCreate, runtime: RuntimeDep, context: OperatorCtxDep
) -> str:
    """Start the run before the response begins, so 404 and 409 are real status codes."""
    return await _start(runtime, context, thread_id, body.text, via="rest-stream")


LastEventIdHeader = Annotated[
    str | None,
    Header(
        max_length=100,
        description="The `id` of the last event received: the stream resumes after it.",
    ),
]


async def _joined_run(
    run_id: RunIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    last_event_id: LastEventIdHeader = None,
) -> tuple[RunRecord, str | None]:
    """The caller's run and where to resume, checked before the response begins (404, 422)."""
    after = check_event_id(last_event_id)
    return await run_of_tenant(runtime, principal, run_id), after


@router.post(
    "/threads/{thread_id}/runs/stream",
    response_class=BatchedEventSourceResponse,
    summary="Start a run and stream its progress (server-sent events)",
    description=STREAM_DESCRIPTION,
    responses={**SSE_RESPONSE, **error_responses(404, 409, *BODY_ERRORS, json_only=True)},
)
async def stream_run(
    run_id: Annotated[str, Depends(_streamed_run)],
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> BatchedEventSourceResponse:
    """Stream the run's events until it ends or waits for approval."""
    return BatchedEventSourceResponse(console_events(runtime, principal, run_id))


@router.get(
    "/runs/{run_id}/stream",
    response_class=BatchedEventSourceResponse,
    summary="Follow a run's events (server-sent events), or resume after Last-Event-ID",
    description=JOIN_DESCRIPTION,
    responses={**SSE_RESPONSE, **error_responses(404, 422, json_only=True)},
)
async def join_run_stream(
    joined: Annotated[tuple[RunRecord, str | None], Depends(_joined_run)],
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> BatchedEventSourceResponse:
    """The run's events from the start (or after ``Last-Event-ID``) until it ends."""
    record, after = joined
    return BatchedEventSourceResponse(
        console_events(runtime, principal, record.id, after, joined=record)
    )


@router.get(
    "/runs",
    response_model=Page[RunView],
    summary="List runs, newest first",
    responses=error_responses(),
)
def list_runs(
    scope: ScopeDep,
    runtime: RuntimeDep,
    page: PageDep,
    status: Annotated[RunStatus | None, Query(description="Only runs in this state.")] = None,
) -> Page[RunView]:
    """The tenant's runs with status, duration, inputs, outputs, agents and tokens."""
    return run_page(scope, page, live=live_ids(runtime), status=status)


@router.get(
    "/threads/{thread_id}/runs",
    response_model=Page[RunView],
    summary="List a thread's runs, newest first",
    responses=error_responses(404),
)
async def list_thread_runs(
    thread_id: ThreadIdPath, runtime: RuntimeDep, principal: PrincipalDep, page: PageDep
) -> Page[RunView]:
    """The thread's runs (404 for a thread that is not the caller's)."""
    await thread_of_tenant(runtime, principal, thread_id)

    def query() -> Page[RunView]:
        with runtime.services.scope(principal.tenant_id, actor=principal.actor) as scope:
            return run_page(scope, page, live=live_ids(runtime), thread_id=thread_id)

    return await asyncio.to_thread(query)


@router.get(
    "/runs/{run_id}",
    response_model=RunView,
    summary="One run",
    responses=error_responses(404),
)
def get_run(run_id: RunIdPath, scope: ScopeDep, runtime: RuntimeDep) -> RunView:
    """Status, duration, inputs, outputs, agents and tokens of one run."""
    return run_view(owned_run(scope, run_id), live_ids(runtime))


@router.post(
    "/runs/{run_id}/cancel",
    response_model=RunView,
    summary="Cancel a running run",
    responses=error_responses(404, 409),
)
async def cancel_run(run_id: RunIdPath, runtime: RuntimeDep, principal: OperatorDep) -> RunView:
    """Stop the run: no further node executes; it is recorded as cancelled and the thread freed.

    With queue workers (``SWITCHBOARD_REDIS_URL``) any API process cancels any queued
    or running run: the cancel reaches the worker that runs it.

    The node executing at that moment stops at its next await; a synchronous step
    already inside a worker thread finishes that call, and its output is discarded.
    """
    run = await run_of_tenant(runtime, principal, run_id)
    if runtime.run_queue is not None and (run.status == "queued" or run.worker_id is not None):
        if run.status not in ("queued", "running"):
            raise ConflictError(f"run {run_id} is not running (it ended: {run.status})")
        context = Context(tenant_id=principal.tenant_id, actor=principal.actor)
        await queued_runs.cancel(runtime, context, run_id)
        run = await run_of_tenant(runtime, principal, run_id)
        return run_view(run, live_ids(runtime))
    if run.status != "running":
        raise ConflictError(f"run {run_id} is not running (it ended: {run.status})")
    if not await background_runs.cancel(runtime, run_id):
        run = await run_of_tenant(runtime, principal, run_id)
        if run.status != "running":  # it ended between the two reads
            raise ConflictError(f"run {run_id} is not running (it ended: {run.status})")
        raise ConflictError(
            f"run {run_id} is not running in this server process (runs of the CLI, of AG-UI, "
            "of an approval's resume or of another process cannot be cancelled here)"
        )
    run = await run_of_tenant(runtime, principal, run_id)
    return run_view(run, live_ids(runtime))
