"""``POST /agui``: the AG-UI endpoint CopilotKit's sidebar talks to.

The protocol is ``ag_ui_langgraph``'s; this route adds what a multi-tenant service needs
around it: the caller's tenant from the API key, thread ownership (another tenant's
thread is a 404), one run per thread at a time (409), and a run record.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import ExitStack
from typing import Any

from ag_ui.core.types import RunAgentInput
from ag_ui.encoder import EventEncoder
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from adapters.thread_locks import thread_lock
from domain import runs
from graphs.context import Context
from server.agui_agent import SwitchboardAgent
from server.deps import ContextDep, RuntimeDep
from server.runtime import AppRuntime

router = APIRouter(tags=["ag-ui"])


@router.post("/agui", summary="Run or resume the supervisor over AG-UI (server-sent events)")
async def agui(
    input_data: RunAgentInput, request: Request, runtime: RuntimeDep, context: ContextDep
) -> StreamingResponse:
    """Stream one run as AG-UI events; a resume sent by the client completes the action."""
    thread_id = input_data.thread_id
    locks = ExitStack()
    await asyncio.to_thread(locks.enter_context, thread_lock(runtime.services.engine, thread_id))
    try:
        await asyncio.to_thread(_start, runtime, context, input_data)
    except BaseException:
        await asyncio.to_thread(locks.close)
        raise
    encoder = EventEncoder(accept=request.headers.get("accept") or "text/event-stream")
    agent = SwitchboardAgent(graph=runtime.graph, context=context)

    async def events() -> AsyncIterator[str]:
        status, error = "done", None
        try:
            async for event in agent.run(input_data):
                yield encoder.encode(event)
            status = await _status(runtime, thread_id)
        except Exception as exc:  # reported in the run record; the stream ends
            status, error = "error", f"{type(exc).__name__}: {exc}"
            raise
        finally:
            await asyncio.to_thread(_finish, runtime, context, input_data, status, error)
            await asyncio.to_thread(locks.close)

    return StreamingResponse(events(), media_type=encoder.get_content_type())


def _start(runtime: AppRuntime, context: Context, input_data: RunAgentInput) -> None:
    text = next(
        (
            str(m.content)
            for m in reversed(input_data.messages or [])
            if getattr(m, "role", "") == "user"
        ),
        "",
    )
    with runtime.services.scope(context.tenant_id, actor=context.actor) as scope:
        runs.start_run(
            scope,
            run_id=input_data.run_id,
            thread_id=input_data.thread_id,
            kind="resume" if _is_resume(input_data) else "run",
            run_input={"text": text, "via": "ag-ui"},
        )


def _finish(
    runtime: AppRuntime, context: Context, input_data: RunAgentInput, status: str, error: str | None
) -> None:
    with runtime.services.scope(context.tenant_id, actor=context.actor) as scope:
        runs.finish_run(scope, input_data.run_id, status=status, output=None, error=error)


def _is_resume(input_data: RunAgentInput) -> bool:
    props: dict[str, Any] = input_data.forwarded_props or {}
    command = props.get("command") if isinstance(props, dict) else None
    return bool(input_data.resume) or (isinstance(command, dict) and "resume" in command)


async def _status(runtime: AppRuntime, thread_id: str) -> str:
    state = await runtime.graph.aget_state({"configurable": {"thread_id": thread_id}})
    return "interrupted" if state.interrupts else "done"
