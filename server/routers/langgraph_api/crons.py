"""``/langgraph/.../crons``: the server API's crons, on the tenant's schedules.

Admins create, change and delete them, as on ``/crons``; anyone with a key lists them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from server.deps import AdminScopeDep, ScopeDep
from server.routers.params import ThreadIdPath
from server.schemas.common import BODY_ERRORS, error_responses
from server.schemas.langgraph_api import CronCount, CronCreate, CronSearch, CronUpdate
from server.services.langgraph_api import crons

router = APIRouter(tags=["langgraph: crons"])
CronUuidPath = Annotated[
    str, Path(min_length=1, max_length=64, description="The cron's id (a UUID).")
]


@router.post(
    "/threads/{thread_id}/runs/crons",
    summary="Create a cron for a thread",
    responses=error_responses(404, 409, *BODY_ERRORS),
)
def create_thread_cron(
    thread_id: ThreadIdPath, body: CronCreate, scope: AdminScopeDep
) -> dict[str, Any]:
    """A schedule that asks the input's last user message on this thread. A fire that
    finds the thread running or waiting for approval starts nothing (see the fires on
    ``/crons``); deleting the thread deletes the cron."""
    return crons.create(scope, body, thread_id)


@router.post(
    "/runs/crons",
    summary="Create a cron",
    responses=error_responses(409, *BODY_ERRORS),
)
def create_cron(body: CronCreate, scope: AdminScopeDep) -> dict[str, Any]:
    """A schedule that asks the input's last user message, each fire on a new thread."""
    return crons.create(scope, body)


@router.post("/runs/crons/search", summary="Search crons", responses=error_responses(*BODY_ERRORS))
def search_crons(body: CronSearch, scope: ScopeDep) -> list[dict[str, Any]]:
    """The tenant's crons (also those made on ``/crons``), newest first by default."""
    return crons.search(scope, body)


@router.post("/runs/crons/count", summary="Count crons", responses=error_responses(*BODY_ERRORS))
def count_crons(body: CronCount, scope: ScopeDep) -> int:
    """How many crons match."""
    return crons.count(scope, body)


@router.patch(
    "/runs/crons/{cron_id}",
    summary="Change a cron",
    responses=error_responses(404, *BODY_ERRORS),
)
def update_cron(cron_id: CronUuidPath, body: CronUpdate, scope: AdminScopeDep) -> dict[str, Any]:
    """Change what the body gives; a re-enabled or retimed cron next fires after now."""
    return crons.update(scope, cron_id, body)


@router.delete(
    "/runs/crons/{cron_id}",
    status_code=204,
    summary="Delete a cron",
    responses=error_responses(404),
)
def delete_cron(cron_id: CronUuidPath, scope: AdminScopeDep) -> Response:
    """Its fire history goes with it; its runs stay."""
    crons.delete(scope, cron_id)
    return Response(status_code=204)
