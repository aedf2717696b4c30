"""Run records as the console lists them, always filtered by the caller's tenant."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.sql import Select

from domain.errors import NotFoundError
from domain.models import RunRecord
from domain.scope import Scope
from server.schemas.common import Page, PageParams
from server.schemas.runs import RunView, TokenUsage


def run_view(run: RunRecord, live: Collection[str] = ()) -> RunView:
    """One run record as the API shows it; ``live`` holds the ids running in this process."""
    return RunView(
        id=run.id,
        thread_id=run.thread_id,
        kind=run.kind,
        status=run.status,
        input=run.input or {},
        output=run.output,
        agents=[str(a) for a in run.agents or []],
        error=run.error,
        actor=run.actor,
        tokens=TokenUsage(
            input=run.input_tokens,
            output=run.output_tokens,
            total=run.input_tokens + run.output_tokens,
        ),
        started_at=run.started_at,
        finished_at=run.finished_at,
        duration_ms=run.duration_ms,
        live=run.id in live,
        cron_id=run.cron_id,
    )


def owned_run(scope: Scope, run_id: str) -> RunRecord:
    """The tenant's run, or NotFoundError (also for another tenant's run)."""
    run = scope.session.get(RunRecord, run_id)
    if run is None or run.tenant_id != scope.tenant_id:
        raise NotFoundError("run", run_id, argument="run_id")
    return run


def run_page(
    scope: Scope,
    page: PageParams,
    *,
    live: Collection[str] = (),
    thread_id: str | None = None,
    status: str | None = None,
) -> Page[RunView]:
    """The tenant's runs, newest first, optionally of one thread or one status."""
    query: Select[RunRecord] = select(RunRecord).where(RunRecord.tenant_id == scope.tenant_id)
    if thread_id is not None:
        query = query.where(RunRecord.thread_id == thread_id)
    if status is not None:
        query = query.where(RunRecord.status == status)
    total = scope.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = scope.session.scalars(
        query.order_by(RunRecord.started_at.desc(), RunRecord.id.desc())
        .limit(page.limit)
        .offset(page.offset)
    )
    return Page[RunView](
        items=[run_view(r, live) for r in rows], total=total, limit=page.limit, offset=page.offset
    )
