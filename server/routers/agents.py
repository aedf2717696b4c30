"""``/agents``: the six department agents, their tools and their configuration."""

from __future__ import annotations

from fastapi import APIRouter

from domain.models import Department
from server.deps import AdminScopeDep, ScopeDep
from server.schemas.agents import AgentConfigUpdate, AgentView
from server.schemas.common import BODY_ERRORS, error_responses
from server.services.agent_views import agent_view, department, update_agent

router = APIRouter(prefix="/agents", tags=["agents"])


@router.get(
    "",
    response_model=list[AgentView],
    summary="List the six department agents",
    responses=error_responses(),
)
def list_agents(scope: ScopeDep) -> list[AgentView]:
    """Each department's configuration (defaults when never set), enabled flag and tools."""
    return [agent_view(scope, dept) for dept in Department]


@router.get(
    "/{agent}",
    response_model=AgentView,
    summary="One department agent",
    responses=error_responses(404),
)
def get_agent(agent: str, scope: ScopeDep) -> AgentView:
    """The agent's configuration and tools; an unknown agent is a 404."""
    return agent_view(scope, department(agent))


@router.patch(
    "/{agent}",
    response_model=AgentView,
    summary="Enable, disable or configure an agent",
    responses=error_responses(404, *BODY_ERRORS),
)
def configure_agent(agent: str, update: AgentConfigUpdate, scope: AdminScopeDep) -> AgentView:
    """Change the seed 001 settings given in the body; each change is written to the audit log."""
    return update_agent(scope, department(agent), update)
