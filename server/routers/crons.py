"""``/crons``: the tenant's schedules. Anyone reads them; admins create, change, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from domain.base import utcnow
from domain.models import Cron
from domain.schedules import crons
from domain.scope import Scope
from server.deps import AdminScopeDep, ScopeDep
from server.schemas.common import BODY_ERRORS, MAX_ID, Page, error_responses
from server.schemas.crons import CronCreate, CronFireView, CronUpdate, CronView

router = APIRouter(prefix="/crons", tags=["crons"])

CronIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The cron's id.")]


def cron_view(scope: Scope, cron: Cron) -> CronView:
    """A cron as the API shows it."""
    return CronView(
        id=cron.id,
        name=cron.name,
        kind=cron.kind,
        schedule=cron.schedule,
        timezone=cron.timezone,
        request_text=cron.request_text,
        paused=cron.paused,
        automation_paused=crons.automation_paused(scope),
        next_run_at=cron.next_run_at,
        last_fired_at=cron.last_fired_at,
        last_run_id=cron.last_run_id,
        created_by=cron.created_by,
        created_at=cron.created_at,
    )


@router.get(
    "", response_model=Page[CronView], summary="List the schedules", responses=error_responses()
)
def list_crons(scope: ScopeDep) -> Page[CronView]:
    """Every schedule of the tenant, by name, with its next due time."""
    items = [cron_view(scope, c) for c in crons.list_crons(scope)]
    return Page[CronView](items=items, total=len(items), limit=max(len(items), 1), offset=0)


@router.post(
    "",
    response_model=CronView,
    status_code=201,
    summary="Create a schedule",
    responses=error_responses(409, *BODY_ERRORS),
)
def create_cron(body: CronCreate, scope: AdminScopeDep) -> CronView:
    """Its runs go through the same policy, approvals and outbox as a typed request."""
    cron = crons.create_cron(
        scope,
        name=body.name,
        kind=body.kind,
        now=utcnow(),
        schedule=body.schedule,
        timezone=body.timezone,
        request_text=body.request_text,
        paused=body.paused,
    )
    return cron_view(scope, cron)


@router.get(
    "/{cron_id}", response_model=CronView, summary="One schedule", responses=error_responses(404)
)
def get_cron(cron_id: CronIdPath, scope: ScopeDep) -> CronView:
    """The schedule and when it fires next."""
    return cron_view(scope, crons.get_cron(scope, cron_id))


@router.patch(
    "/{cron_id}",
    response_model=CronView,
    summary="Pause, resume or change a schedule",
    responses=error_responses(404, *BODY_ERRORS),
)
def update_cron(cron_id: CronIdPath, body: CronUpdate, scope: AdminScopeDep) -> CronView:
    """Change what the body gives; a resumed or retimed schedule next fires after now."""
    cron = crons.update_cron(
        scope,
        crons.get_cron(scope, cron_id),
        now=utcnow(),
        paused=body.paused,
        schedule=body.schedule,
        timezone=body.timezone,
        request_text=body.request_text,
    )
    return cron_view(scope, cron)


@router.delete(
    "/{cron_id}",
    response_model=CronView,
    summary="Delete a schedule",
    responses=error_responses(404),
)
def delete_cron(cron_id: CronIdPath, scope: AdminScopeDep) -> CronView:
    """The deleted schedule. Its fire history goes with it; its runs stay, unlinked."""
    cron = crons.get_cron(scope, cron_id)
    view = cron_view(scope, cron)
    crons.delete_cron(scope, cron)
    return view


@router.get(
    "/{cron_id}/fires",
    response_model=list[CronFireView],
    summary="A schedule's recent fires",
    responses=error_responses(404),
)
def list_fires(cron_id: CronIdPath, scope: ScopeDep) -> list[CronFireView]:
    """The last 20 periods, newest first: the run each started, or why none was."""
    cron = crons.get_cron(scope, cron_id)
    return [
        CronFireView(
            id=f.id,
            scheduled_for=f.scheduled_for,
            fired_at=f.fired_at,
            missed=f.missed,
            status=f.status,
            run_id=f.run_id,
            thread_id=f.thread_id,
            detail=f.detail,
        )
        for f in crons.recent_fires(scope, cron)
    ]
