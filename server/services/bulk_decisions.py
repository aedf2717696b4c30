"""One decision applied to several approvals, each with its own outcome."""

from __future__ import annotations

from adapters.run_queue import RunJob
from domain.approvals import Decision
from domain.errors import ConflictError, DomainError, ForbiddenError, NotFoundError
from graphs.context import Context
from server.runtime import AppRuntime
from server.schemas.approvals import BulkDecision, BulkItem, BulkOutcome
from server.services.approval_actions import decide
from tools.registry import ToolArgumentError


def decide_many(
    runtime: AppRuntime, context: Context, body: BulkDecision, jobs: list[RunJob] | None = None
) -> BulkOutcome:
    """Decide each id in order (duplicates once); a thread resumes when its last action is decided.

    One id failing (not found, already decided, thread busy) does not stop the others.
    ``jobs``: as for ``decide`` (queued resumes, with queue workers).
    """
    decision = Decision(body.decision, message=body.message)
    results = [
        _one(runtime, context, approval_id, decision, jobs)
        for approval_id in dict.fromkeys(body.ids)
    ]
    decided = sum(1 for r in results if r.ok)
    return BulkOutcome(results=results, decided=decided, failed=len(results) - decided)


def _one(
    runtime: AppRuntime,
    context: Context,
    approval_id: int,
    decision: Decision,
    jobs: list[RunJob] | None,
) -> BulkItem:
    try:
        outcome = decide(runtime, context, approval_id, decision, jobs)
    except NotFoundError as exc:
        return BulkItem(id=approval_id, ok=False, status_code=404, error=str(exc))
    except ConflictError as exc:
        return BulkItem(id=approval_id, ok=False, status_code=409, error=str(exc))
    except ForbiddenError as exc:
        return BulkItem(id=approval_id, ok=False, status_code=403, error=str(exc))
    except (DomainError, ToolArgumentError) as exc:
        return BulkItem(id=approval_id, ok=False, status_code=422, error=str(exc))
    return BulkItem(
        id=approval_id,
        ok=True,
        status_code=200,
        approval_status=outcome.approval.status,
        thread_status=outcome.thread_status,
        run_id=outcome.run_id,
        error=outcome.error,
    )
