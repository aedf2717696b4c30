"""``/messages``: typed messages between agents (seed 001's protocol), newest first."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy import func, or_, select

from domain.models import AgentMessage
from server.deps import ScopeDep
from server.routers.params import PageDep
from server.schemas.activity import AgentMessageView
from server.schemas.common import Page, error_responses

router = APIRouter(prefix="/messages", tags=["messages"])

MessageAgent = Literal[
    "sales",
    "marketing",
    "operations",
    "support",
    "analytics",
    "research",
    "followup",
    "planning",
    "user",
]
MessageTypeName = Literal["request", "response", "notification", "escalation"]


@router.get(
    "",
    response_model=Page[AgentMessageView],
    summary="List agent-to-agent messages, newest first",
    responses=error_responses(),
)
def list_messages(
    scope: ScopeDep,
    page: PageDep,
    agent: Annotated[
        MessageAgent | None, Query(description="Only messages this agent sent or received.")
    ] = None,
    message_type: Annotated[
        MessageTypeName | None, Query(alias="type", description="Only this message type.")
    ] = None,
) -> Page[AgentMessageView]:
    """Requests, responses, notifications and escalations between agents."""
    query = select(AgentMessage).where(AgentMessage.tenant_id == scope.tenant_id)
    if agent is not None:
        query = query.where(or_(AgentMessage.from_agent == agent, AgentMessage.to_agent == agent))
    if message_type is not None:
        query = query.where(AgentMessage.message_type == message_type)
    total = scope.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = scope.session.scalars(
        query.order_by(AgentMessage.id.desc()).limit(page.limit).offset(page.offset)
    )
    return Page[AgentMessageView](
        items=[AgentMessageView.model_validate(r, from_attributes=True) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
