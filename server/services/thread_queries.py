"""Thread records as the console lists them, always filtered by the caller's tenant."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from adapters.services import Services
from domain import runs
from domain.errors import ConflictError
from domain.models import Approval, RunRecord, ThreadRecord
from domain.scope import Scope
from server.schemas.common import Page, PageParams
from server.schemas.threads import ThreadCreate, ThreadDetail, ThreadView
from switchboard.recovery_status import recovering_threads


def create_thread(scope: Scope, body: ThreadCreate) -> ThreadView:
    """A new thread for the tenant.

    Raises:
        ConflictError: the id is taken (by this tenant or any other: ids are global, and
            the answer is the same either way so it reveals nothing).
    """
    thread_id = body.id or uuid.uuid4().hex
    taken = ConflictError(f"thread id {thread_id!r} is taken; send another id, or none")
    if scope.session.get(ThreadRecord, thread_id) is not None:
        raise taken
    thread = ThreadRecord(
        id=thread_id, tenant_id=scope.tenant_id, title=body.title, created_by=scope.actor
    )
    try:
        with scope.session.begin_nested():
            scope.session.add(thread)
    except IntegrityError:
        raise taken from None
    return ThreadView.model_validate(thread, from_attributes=True)


def thread_page(
    services: Services, scope: Scope, page: PageParams, status: str | None
) -> Page[ThreadView]:
    """The tenant's threads, newest first; a thread a dead process left reads ``recovering``."""
    query = select(ThreadRecord).where(ThreadRecord.tenant_id == scope.tenant_id)
    recovering = recovering_threads(services, scope.session, tenant_id=scope.tenant_id)
    if status == "recovering":
        query = query.where(ThreadRecord.id.in_(recovering))
    elif status is not None:
        query = query.where(ThreadRecord.status == status, ThreadRecord.id.not_in(recovering))
    total = scope.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = scope.session.scalars(
        query.order_by(ThreadRecord.created_at.desc(), ThreadRecord.id.desc())
        .limit(page.limit)
        .offset(page.offset)
    )
    return Page[ThreadView](
        items=[_view(r, recovering) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


def _view(thread: ThreadRecord, recovering: set[str]) -> ThreadView:
    view = ThreadView.model_validate(thread, from_attributes=True)
    if thread.id in recovering:
        view.status = "recovering"
    return view


def thread_detail(services: Services, scope: Scope, thread_id: str) -> ThreadDetail:
    """The tenant's thread with its run count, last run and waiting approvals."""
    thread = runs.owned_thread(scope, thread_id)
    recovering = recovering_threads(
        services, scope.session, tenant_id=scope.tenant_id, thread_ids=[thread_id]
    )
    mine = RunRecord.tenant_id == scope.tenant_id, RunRecord.thread_id == thread_id
    run_count = scope.session.scalar(select(func.count()).where(*mine)) or 0
    last = scope.session.scalars(
        select(RunRecord.id).where(*mine).order_by(RunRecord.started_at.desc()).limit(1)
    ).first()
    pending = scope.session.scalar(
        select(func.count()).where(
            Approval.tenant_id == scope.tenant_id,
            Approval.thread_id == thread_id,
            Approval.status == "pending",
        )
    )
    return ThreadDetail(
        **_view(thread, recovering).model_dump(),
        runs=run_count,
        pending_approvals=pending or 0,
        last_run_id=last,
    )
