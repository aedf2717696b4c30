"""``/activity``: what happened, newest first: audit events and runs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from server.deps import ScopeDep
from server.routers.params import PageDep
from server.schemas.activity import ActivityItem
from server.schemas.agents import AgentName
from server.schemas.common import Page, error_responses
from server.services.activity_log import activity_page

router = APIRouter(prefix="/activity", tags=["activity"])


@router.get(
    "",
    response_model=Page[ActivityItem],
    summary="The activity log, newest first",
    responses=error_responses(),
)
def list_activity(
    scope: ScopeDep,
    page: PageDep,
    agent: Annotated[AgentName | None, Query(description="Only this agent's activity.")] = None,
) -> Page[ActivityItem]:
    """Audit events (policy outcomes, decisions, executions, configuration) and runs."""
    return activity_page(scope, page, agent)
