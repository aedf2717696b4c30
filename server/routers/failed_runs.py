"""``/errors``: runs that failed, with their error text, and retrying one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from langchain_core.messages import HumanMessage
from langgraph.types import Command

from domain.errors import ConflictError
from server.deps import OperatorCtxDep, OperatorDep, RuntimeDep, ScopeDep
from server.routers.params import PageDep, RunIdPath
from server.schemas.common import Page, error_responses
from server.schemas.runs import RunAccepted, RunView
from server.services import background_runs, queued_runs
from server.services.ownership import run_of_tenant
from server.services.run_queries import run_page

router = APIRouter(prefix="/errors", tags=["errors"])


@router.get(
    "",
    response_model=Page[RunView],
    summary="List failed runs, newest first",
    responses=error_responses(),
)
def list_errors(scope: ScopeDep, page: PageDep) -> Page[RunView]:
    """Runs whose status is error, each with its error text (``error``)."""
    return run_page(scope, page, status="error")


@router.post(
    "/{run_id}/retry",
    response_model=RunAccepted,
    status_code=202,
    summary="Retry a failed run",
    responses=error_responses(404, 409),
)
async def retry_run(
    run_id: RunIdPath, runtime: RuntimeDep, principal: OperatorDep, context: OperatorCtxDep
) -> RunAccepted:
    """Run the failed run's input again on its thread, in the background (409 if busy).

    A failed request is sent again; a failed resume resumes again with the same
    decisions (the approvals table keeps them, so nothing runs twice). With the queue
    on (``SWITCHBOARD_REDIS_URL``) the retry is queued for a worker like any new run.
    """
    run = await run_of_tenant(runtime, principal, run_id)
    if run.status != "error":
        raise ConflictError(f"run {run_id} did not fail (status {run.status}); nothing to retry")
    graph_input: dict[str, Any] | Command[Any]
    text, decisions = run.input.get("text"), run.input.get("decisions")
    if isinstance(text, str) and text.strip():
        graph_input, kind = {"messages": [HumanMessage(text)]}, "run"
        run_input: dict[str, Any] = {"text": text, "via": "retry", "retry_of": run_id}
    elif isinstance(decisions, list) and decisions:
        graph_input, kind = Command(resume={"decisions": decisions}), "resume"
        run_input = {"decisions": decisions, "via": "retry", "retry_of": run_id}
    else:
        raise ConflictError(f"run {run_id} recorded no input to send again")
    if runtime.run_queue is not None:
        resume = {"resume": graph_input.resume} if isinstance(graph_input, Command) else None
        new_id = await queued_runs.submit(
            runtime,
            context,
            thread_id=run.thread_id,
            text=text if kind == "run" else None,
            run_input=run_input,
            kind=kind,
            extra=resume,
        )
        return RunAccepted(run_id=new_id, thread_id=run.thread_id)
    handle = await background_runs.start(
        runtime,
        context,
        thread_id=run.thread_id,
        graph_input=graph_input,
        kind=kind,
        run_input=run_input,
    )
    return RunAccepted(run_id=handle.run_id, thread_id=run.thread_id)
