"""``/approvals``: actions waiting for a human; approve, reject, edit, or decide in bulk."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query

from adapters.graph_threads import in_graph_thread
from adapters.run_queue import RunJob
from domain.approvals import Decision
from graphs.context import Context
from server.deps import ApproverCtxDep, RuntimeDep, ScopeDep
from server.routers.params import ApprovalIdPath, PageDep
from server.runtime import AppRuntime
from server.schemas.agents import AgentName
from server.schemas.approvals import (
    ApprovalFilter,
    ApprovalView,
    BulkDecision,
    BulkOutcome,
    DecisionNote,
    DecisionOutcome,
    EditDecision,
)
from server.schemas.common import BODY_ERRORS, ID_PATTERN, Page, error_responses
from server.services.approval_actions import approval_page, approval_view, decide, owned_approval
from server.services.bulk_decisions import decide_many
from server.services.queued_resumes import submit_and_wait

router = APIRouter(prefix="/approvals", tags=["approvals"])
DECIDE_ERRORS = error_responses(404, 409, *BODY_ERRORS)
NoteBody = Annotated[DecisionNote | None, Body()]


@router.get(
    "",
    response_model=Page[ApprovalView],
    summary="List approvals (pending by default), oldest first",
    responses=error_responses(),
)
def list_approvals(
    scope: ScopeDep,
    page: PageDep,
    status: Annotated[
        ApprovalFilter, Query(description="Only approvals in this state; 'any' lists all.")
    ] = "pending",
    agent: Annotated[AgentName | None, Query(description="Only this agent's actions.")] = None,
    thread_id: Annotated[
        str | None, Query(pattern=ID_PATTERN, description="Only this thread's actions.")
    ] = None,
) -> Page[ApprovalView]:
    """Approvals with the action, its arguments, why the policy asked, and any decision."""
    wanted = None if status == "any" else status
    return approval_page(scope, page, status=wanted, agent=agent, thread_id=thread_id)


@router.get(
    "/{approval_id}",
    response_model=ApprovalView,
    summary="One approval",
    responses=error_responses(404),
)
def get_approval(approval_id: ApprovalIdPath, scope: ScopeDep) -> ApprovalView:
    """The action, its arguments, the policy's reasons, and any decision and result."""
    return approval_view(owned_approval(scope, approval_id))


async def _decide(
    runtime: AppRuntime, context: Context, approval_id: int, decision: Decision
) -> DecisionOutcome:
    jobs: list[RunJob] = []  # with queue workers: the resume to queue
    outcome = await in_graph_thread(decide, runtime, context, approval_id, decision, jobs)
    if not jobs:
        return outcome
    run = (await submit_and_wait(runtime, context, jobs)).get(jobs[0].run_id)
    if run is None:
        return outcome
    return outcome.model_copy(
        update={
            "thread_status": run.status,
            "answer": str((run.output or {}).get("answer") or ""),
            "error": run.error,
        }
    )


@router.post(
    "/{approval_id}/approve",
    response_model=DecisionOutcome,
    summary="Approve an action",
    responses=DECIDE_ERRORS,
)
async def approve(
    approval_id: ApprovalIdPath, runtime: RuntimeDep, context: ApproverCtxDep, body: NoteBody = None
) -> DecisionOutcome:
    """Approve; when the thread waits for nothing else, its run resumes and the action runs."""
    note = body.message if body else None
    return await _decide(runtime, context, approval_id, Decision("approve", message=note))


@router.post(
    "/{approval_id}/reject",
    response_model=DecisionOutcome,
    summary="Reject an action",
    responses=DECIDE_ERRORS,
)
async def reject(
    approval_id: ApprovalIdPath, runtime: RuntimeDep, context: ApproverCtxDep, body: NoteBody = None
) -> DecisionOutcome:
    """Reject; the message (optional) is kept as feedback the agent reads next time."""
    note = body.message if body else None
    return await _decide(runtime, context, approval_id, Decision("reject", message=note))


@router.post(
    "/{approval_id}/edit",
    response_model=DecisionOutcome,
    summary="Run an action with edited arguments",
    responses=DECIDE_ERRORS,
)
async def edit(
    approval_id: ApprovalIdPath, body: EditDecision, runtime: RuntimeDep, context: ApproverCtxDep
) -> DecisionOutcome:
    """Replace the arguments (checked like the agent's own: 422 naming a bad one)."""
    decision = Decision("edit", args=body.args, message=body.message)
    return await _decide(runtime, context, approval_id, decision)


@router.post(
    "/bulk",
    response_model=BulkOutcome,
    summary="Approve or reject several actions",
    responses=error_responses(*BODY_ERRORS),
)
async def bulk(body: BulkDecision, runtime: RuntimeDep, context: ApproverCtxDep) -> BulkOutcome:
    """One decision for each id, with a per-id outcome (unknown ids fail alone, as 404)."""
    jobs: list[RunJob] = []  # with queue workers: the resumes to queue
    outcome = await in_graph_thread(decide_many, runtime, context, body, jobs)
    if not jobs:
        return outcome
    runs = await submit_and_wait(runtime, context, jobs)
    for item in outcome.results:
        run = runs.get(item.run_id or "")
        if run is not None:
            item.thread_status, item.error = run.status, run.error  # type: ignore[assignment]
    return outcome
