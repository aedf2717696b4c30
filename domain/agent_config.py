"""A department agent's settings for a tenant (seed 001's agent configuration)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from domain.models import AgentConfig
from domain.scope import Scope


@dataclass(frozen=True)
class AgentSettings:
    """The settings playbooks read; the model's column defaults when no row exists."""

    agent: str
    enabled: bool = True
    auto_approve: bool = False
    max_daily_outreach: int = 50
    tone: str = "professional"
    followup_delay_days: int = 3
    max_followups: int = 3


def agent_settings(scope: Scope, agent: str) -> AgentSettings:
    """The tenant's configuration for ``agent`` (e.g. ``"sales"``), or the defaults."""
    row = scope.session.scalars(
        select(AgentConfig).where(
            AgentConfig.tenant_id == scope.tenant_id, AgentConfig.agent == agent
        )
    ).first()
    if row is None:
        return AgentSettings(agent=agent)
    return AgentSettings(
        agent=agent,
        enabled=row.enabled,
        auto_approve=row.auto_approve,
        max_daily_outreach=row.max_daily_outreach,
        tone=row.tone,
        followup_delay_days=row.followup_delay_days,
        max_followups=row.max_followups,
    )
