"""Department agents as the console sees them: configuration (or defaults) and tools."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

import tools  # noqa: F401 - importing the package registers every tool
from domain.approvals import audit
from domain.errors import NotFoundError
from domain.models import AgentConfig, AutonomyMode, Department
from domain.policy.decision import json_ready
from domain.policy.limits import CUSTOMER_DAILY_REFUND_LIMIT
from domain.scope import Scope
from server.schemas.agents import AgentConfigUpdate, AgentView, ToolView
from tools.registry import tools_for

DEFAULTS: dict[str, Any] = {
    "enabled": True,
    "autonomy_mode": AutonomyMode.ASSISTED.value,
    "auto_approve": False,
    "max_daily_outreach": 50,
    "tone": "professional",
    "followup_delay_days": 3,
    "max_followups": 3,
    "max_daily_refund_per_customer": CUSTOMER_DAILY_REFUND_LIMIT,
}
"""The settings of an agent without a configuration row (the model's column defaults)."""
MODES = {m.value for m in AutonomyMode}


def department(agent: str) -> Department:
    """The department called ``agent``, or NotFoundError."""
    try:
        return Department(agent)
    except ValueError:
        raise NotFoundError("agent", agent, argument="agent") from None


def agent_view(scope: Scope, dept: Department) -> AgentView:
    """One agent's configuration (defaults when never configured) and its tools."""
    row = _row(scope, dept)
    values = dict(DEFAULTS)
    if row is not None:
        values.update({name: getattr(row, name) for name in DEFAULTS})
        if values["autonomy_mode"] not in MODES:  # the policy reads unknown modes as assisted
            values["autonomy_mode"] = AutonomyMode.ASSISTED.value
    return AgentView(
        agent=dept.value,
        updated_at=row.updated_at if row is not None else None,
        tools=[
            ToolView(
                name=spec.name,
                effect=spec.effect.value,
                description=spec.description.splitlines()[0] if spec.description else "",
                args_schema=spec.schema(),
            )
            for spec in tools_for(dept)
        ],
        **values,
    )


def update_agent(scope: Scope, dept: Department, update: AgentConfigUpdate) -> AgentView:
    """Apply the given settings (creating the agent's row), audit the change, return the view."""
    changes = update.model_dump(exclude_none=True)
    if changes:
        row = _row(scope, dept)
        if row is None:
            row = AgentConfig(tenant_id=scope.tenant_id, agent=dept.value, **DEFAULTS)
            scope.session.add(row)
        before = {name: getattr(row, name) for name in changes}
        for name, value in changes.items():
            setattr(row, name, value)
        scope.session.flush()
        diff = {
            k: [json_ready(before[k]), json_ready(v)] for k, v in changes.items() if before[k] != v
        }
        if diff:
            audit(scope, "configured", detail={"agent": dept.value, "changes": diff})
    return agent_view(scope, dept)


def _row(scope: Scope, dept: Department) -> AgentConfig | None:
    return scope.session.scalars(
        select(AgentConfig).where(
            AgentConfig.tenant_id == scope.tenant_id, AgentConfig.agent == dept.value
        )
    ).first()
