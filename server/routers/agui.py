"""``POST /agui``: the AG-UI endpoint CopilotKit's sidebar talks to.

The protocol is ``ag_ui_langgraph``'s; this route adds what a multi-tenant service needs
around it: the caller's tenant from the API key, thread ownership (another tenant's
thread is a 404), one run per thread at a time (409), and a run record. In this
process (no queue workers) a run also holds one of the run slots REST runs take, so a
burst of chats cannot drain the database pool (``server.services.agui_in_process``). A request with
no new message and no resume reopens the thread (see ``server.agui_agent``).

Run ids: a used id is refused (409), except that a resume may carry the id of the run
that stopped at the interrupt, as CopilotKit's interrupt hooks send it; that resume is
recorded under an id of its own (``domain.runs.resume_record_id``). A run whose stream
ends in RUN_ERROR is recorded as ``error`` with the message, so ``GET /errors`` lists it
and ``POST /errors/{id}/retry`` sends it again. A server shutting down stops an
in-process run: its stream ends with RUN_ERROR saying so (``server.shutdown``).

With queue workers (``SWITCHBOARD_REDIS_URL``) a run or resume executes on a worker and
the response follows its event log (``server.services.queued_agui``: a client that
disconnects leaves the run going and rejoins with ``Last-Event-ID``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import anyio
from ag_ui.core import EventType, RunErrorEvent
from ag_ui.core.types import RunAgentInput
from ag_ui.encoder import EventEncoder
from ag_ui_langgraph.types import LangGraphEventTypes
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from langgraph.types import StateSnapshot
from pydantic import Field, model_validator

from adapters.run_events.protocol import check_event_id
from domain.errors import ConflictError
from graphs.context import Context
from server.agui_agent import SwitchboardAgent, has_resume, is_reopen
from server.deps import AgUiCtxDep, RuntimeDep
from server.runtime import AppRuntime
from server.schemas.common import BODY_ERRORS, ID_PATTERN, error_responses
from server.schemas.request_body import check_storable
from server.services import agui_in_process, queued_agui

router = APIRouter(tags=["ag-ui"])

INTERRUPT_EVENT = LangGraphEventTypes.OnInterrupt.value
"""The library's CUSTOM event for each interrupt the run (or reopened thread) waits on."""


class AgUiRunInput(RunAgentInput):
    """``RunAgentInput`` as this server accepts it.

    Thread and run ids follow ``ID_PATTERN`` (CopilotKit's UUIDs fit; ``..`` does not);
    ``state`` and ``forwardedProps`` are objects (the library reads them as mappings);
    no string anywhere may hold a NUL character or a lone surrogate, nor may anything be
    nested too deep (``check_storable``). Anything else is the caller's mistake (422),
    never a failed stream.
    """

    thread_id: str = Field(pattern=ID_PATTERN)
    run_id: str = Field(pattern=ID_PATTERN)
    parent_run_id: str | None = Field(default=None, pattern=ID_PATTERN)
    state: dict[str, Any] | None = None
    forwarded_props: dict[str, Any] | None = None

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        return check_storable(data)


EVENT_STREAM: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "AG-UI events as server-sent events (``data: {json}``), from "
        "RUN_STARTED to RUN_FINISHED (or RUN_ERROR).",
        "content": {"text/event-stream": {}},
    }
}


@router.post(
    "/agui",
    response_class=StreamingResponse,
    summary="Run, resume or reopen a supervisor thread over AG-UI (SSE)",
    responses={**EVENT_STREAM, **error_responses(404, 409, *BODY_ERRORS, json_only=True)},
)
async def agui(
    input_data: AgUiRunInput, request: Request, runtime: RuntimeDep, context: AgUiCtxDep
) -> StreamingResponse:
    """Stream one run as AG-UI events.

    A resume sent by the client (``forwardedProps.command.resume`` or ``resume[]``)
    completes the pending action; a request with neither a new message nor a resume
    gets the thread's history and its pending approval without running anything.
    """
    if runtime.run_queue is not None:
        queued = await _queued(input_data, request, runtime, context)
        if queued is not None:
            return queued
    loaded: list[StateSnapshot] = []

    async def kind_of(runtime: AppRuntime, input_data: RunAgentInput) -> str:
        state = await _thread_state(runtime, input_data)
        loaded.append(state)
        return _kind_of(input_data, state)

    run = await agui_in_process.admit(runtime, context, input_data, kind_of)
    encoder = EventEncoder(accept=request.headers.get("accept") or "text/event-stream")
    # The state read under the thread's lock is where the run starts: not read again.
    agent = SwitchboardAgent(
        graph=runtime.graph, context=context, state=loaded[-1] if loaded else None
    )

    async def events() -> AsyncIterator[str]:
        status, error = "done", None
        interrupted = False
        try:
            async for batch in run.relay(agent.run(input_data)):  # what is ready: one write
                for event in batch:
                    if event.type == EventType.RUN_ERROR:  # the library's terminal for a failure
                        status = "error"
                        error = str(getattr(event, "message", "") or "run failed")
                    elif event.type == EventType.CUSTOM and event.name == INTERRUPT_EVENT:
                        interrupted = True  # sent when the final state waits on an interrupt
                yield "".join(encoder.encode(event) for event in batch)
            if status != "error":
                status = "interrupted" if interrupted else "done"
        except agui_in_process.RunStoppedError as stopped:  # the server is shutting down
            status, error = "cancelled", str(stopped)
            yield encoder.encode(RunErrorEvent(type=EventType.RUN_ERROR, message=str(stopped)))
        except anyio.get_cancelled_exc_class():  # the client went away mid-run
            status, error = "cancelled", "the client disconnected"
            raise
        except GeneratorExit:
            status, error = "cancelled", "the client disconnected"
            raise
        except Exception as exc:  # reported in the run record; the stream ends
            status, error = "error", f"{type(exc).__name__}: {exc}"
            raise
        finally:  # records the end, frees the thread, then the run slot (shielded)
            await run.end(status, error)

    return agui_in_process.LeasedStreamingResponse(
        events(), run=run, media_type=encoder.get_content_type()
    )


async def _queued(
    input_data: AgUiRunInput, request: Request, runtime: AppRuntime, context: Context
) -> StreamingResponse | None:
    """With queue workers: the run goes to a worker and its events come from its log.

    A request with ``Last-Event-ID`` naming an AG-UI run of this thread rejoins it (the
    rest of its events). None for a reopen, which runs nothing and is answered here.
    """
    encoder = EventEncoder(accept=request.headers.get("accept") or "text/event-stream")
    after = check_event_id(request.headers.get("last-event-id"))
    record_id: str | None = None
    if after is not None:
        record_id = await asyncio.to_thread(
            queued_agui.rejoined_run, runtime, context, input_data.thread_id, input_data.run_id
        )
    if record_id is None:
        after = None
        kind = await _kind(runtime, input_data)
        if kind == "reopen":
            return None
        record_id = await queued_agui.submit(runtime, context, input_data, kind)
    events = queued_agui.stream(runtime, context, record_id, input_data, encoder, after)
    return StreamingResponse(events, media_type=encoder.get_content_type())


async def _kind(runtime: AppRuntime, input_data: RunAgentInput) -> str:
    """``resume``, ``reopen`` or ``run`` (``_kind_of`` the thread's state)."""
    return _kind_of(input_data, await _thread_state(runtime, input_data))


async def _thread_state(runtime: AppRuntime, input_data: RunAgentInput) -> StateSnapshot:
    return await runtime.graph.aget_state({"configurable": {"thread_id": input_data.thread_id}})


def _kind_of(input_data: RunAgentInput, state: StateSnapshot) -> str:
    """``resume``, ``reopen`` or ``run``, for a thread in ``state``.

    Raises:
        ConflictError: a resume of a thread that never ran (nothing was ever asked). A
            resume of a thread whose approval was already answered is let through: it
            acts on nothing, as CopilotKit's second click on Approve expects.
    """
    if has_resume(input_data):
        if not state.values:
            raise ConflictError(
                f"thread {input_data.thread_id} has never run, so no approval waits on it; "
                "send a message to start a run"
            )
        return "resume"
    return "reopen" if is_reopen(input_data, state.values or {}) else "run"
