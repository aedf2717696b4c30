"""Listing approvals and deciding them: record the decision, resume the thread when complete.

Deciding reuses ``switchboard.approval_flow.answer_thread`` (what the CLI uses): it takes
the thread's lock, records the decision conflict-safely and resumes the run once every
action the thread waits for is decided. It is synchronous, so routes call it in a thread.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select

from adapters.run_queue import RunJob
from domain.approvals import Decision
from domain.errors import ConflictError, NotFoundError
from domain.models import Approval
from domain.scope import Scope
from graphs.context import Context
from server.runtime import AppRuntime
from server.schemas.approvals import ApprovalView, DecisionOutcome
from server.schemas.common import Page, PageParams
from server.services.queued_resumes import check_not_queued, queued_resume
from switchboard.approval_flow import NothingToResumeError, answer_thread


def approval_view(row: Approval) -> ApprovalView:
    """One approval as the API shows it."""
    return ApprovalView.model_validate(row, from_attributes=True)


def owned_approval(scope: Scope, approval_id: int) -> Approval:
    """The tenant's approval, or NotFoundError (also for another tenant's)."""
    row = scope.session.get(Approval, approval_id)
    if row is None or row.tenant_id != scope.tenant_id:
        raise NotFoundError("approval", approval_id, argument="approval_id")
    return row


def approval_page(
    scope: Scope,
    page: PageParams,
    *,
    status: str | None,
    agent: str | None,
    thread_id: str | None,
) -> Page[ApprovalView]:
    """The tenant's approvals, oldest first (the order a reviewer works through them)."""
    query = select(Approval).where(Approval.tenant_id == scope.tenant_id)
    if status is not None:
        query = query.where(Approval.status == status)
    if agent is not None:
        query = query.where(Approval.agent == agent)
    if thread_id is not None:
        query = query.where(Approval.thread_id == thread_id)
    total = scope.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = scope.session.scalars(query.order_by(Approval.id).limit(page.limit).offset(page.offset))
    return Page[ApprovalView](
        items=[approval_view(r) for r in rows], total=total, limit=page.limit, offset=page.offset
    )


def decide(
    runtime: AppRuntime,
    context: Context,
    approval_id: int,
    decision: Decision,
    jobs: list[RunJob] | None = None,
) -> DecisionOutcome:
    """Record ``decision`` on one approval and resume its thread if nothing else waits.

    With queue workers (``runtime.run_queue``) the resume is recorded as a queued run
    and its job appended to ``jobs``, for the caller to submit
    (``server.services.queued_resumes``); the outcome says ``queued``.

    Raises:
        NotFoundError: no such approval for this tenant.
        ConflictError: decided differently already, no longer waited for, or the thread
            is busy with another run.
        InvalidArgumentError / ToolArgumentError: an edit with bad or denied arguments.
    """
    services = runtime.services
    with services.scope(context.tenant_id, actor=context.actor, caller=context.caller) as scope:
        row = owned_approval(scope, approval_id)
        thread_id, action_id = row.thread_id, row.action_id
    resume_with = None
    if runtime.run_queue is not None:
        assert jobs is not None, "with queue workers the caller submits the resume's job"
        check_not_queued(services, context, thread_id)
        resume_with = queued_resume(services, context, thread_id, jobs)
    try:
        outcome = answer_thread(
            services,
            runtime.graph,
            context=context,
            thread_id=thread_id,
            decision=decision,
            action_id=action_id,
            resume_with=resume_with,
        )
    except (NothingToResumeError, NotFoundError) as exc:
        if isinstance(exc, NotFoundError) and exc.kind != "action":
            raise
        with services.scope(context.tenant_id, actor=context.actor, caller=context.caller) as scope:
            row = owned_approval(scope, approval_id)
        raise ConflictError(_not_waiting(row)) from None
    with services.scope(context.tenant_id, actor=context.actor, caller=context.caller) as scope:
        view = approval_view(owned_approval(scope, approval_id))
    return DecisionOutcome(
        approval=view,
        thread_status="waiting_for_other_approvals" if outcome.run_id is None else outcome.status,
        run_id=outcome.run_id,
        answer=outcome.answer,
        error=outcome.error,
    )


def _not_waiting(row: Approval) -> str:
    if row.status != "pending":
        edit = (row.decision or {}).get("args") if row.status == "edited" else None
        to = f" to {json.dumps(edit, sort_keys=True, default=str)}" if edit is not None else ""
        return (
            f"approval {row.id} was already decided ({row.status} by {row.decided_by}{to}) "
            "and its thread no longer waits for it"
        )
    return f"approval {row.id} is pending but thread {row.thread_id} no longer waits for it"
