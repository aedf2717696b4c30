"""The acting agent's configuration as the policy reads it (seed 001's agent settings)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from domain.errors import InvalidArgumentError
from domain.models import AgentConfig, AutonomyMode, Department
from domain.policy.limits import CUSTOMER_DAILY_REFUND_LIMIT
from domain.scope import Scope

AGENTS = tuple(d.value for d in Department)
MODES = tuple(m.value for m in AutonomyMode)


@dataclass(frozen=True)
class PolicySettings:
    """What the tenant allows one agent to do on its own.

    Attributes:
        agent: the department agent acting.
        mode: full_auto, assisted or review_only (the caller's override, else the config).
        mode_source: ``argument`` when the caller chose the mode, else ``config``.
        enabled: a disabled agent may only read.
        auto_approve: lifts the default approval of external actions (not escalations).
        max_daily_outreach: emails an agent may send per business day.
        max_followups: unanswered follow-ups before a human takes over.
        max_daily_refund_per_customer: refunds one customer (a buyer's mailbox) may get
            back on a business day, across all their orders, before a human decides.
    """

    agent: str
    mode: AutonomyMode = AutonomyMode.ASSISTED
    mode_source: str = "config"
    enabled: bool = True
    auto_approve: bool = False
    max_daily_outreach: int = 50
    max_followups: int = 3
    max_daily_refund_per_customer: Decimal = CUSTOMER_DAILY_REFUND_LIMIT

    def as_facts(self) -> dict[str, Any]:
        """The settings as decision facts."""
        return {
            "mode": self.mode.value,
            "mode_source": self.mode_source,
            "enabled": self.enabled,
            "auto_approve": self.auto_approve,
            "max_daily_outreach": self.max_daily_outreach,
            "max_followups": self.max_followups,
            "max_daily_refund_per_customer": self.max_daily_refund_per_customer,
        }


def check_agent(agent: str) -> str:
    """``agent`` if it names a department agent, else InvalidArgumentError on ``agent``."""
    if agent not in AGENTS:
        raise InvalidArgumentError(
            "agent", f"{agent!r} is not an agent; use one of {', '.join(AGENTS)}"
        )
    return agent


def check_mode(mode: str | None) -> AutonomyMode | None:
    """The autonomy mode named by ``mode`` (None stays None), else InvalidArgumentError."""
    if mode is None:
        return None
    if mode not in MODES:
        raise InvalidArgumentError("mode", f"{mode!r} is not a mode; use one of {', '.join(MODES)}")
    return AutonomyMode(mode)


def load_settings(scope: Scope, agent: str, mode: str | None = None) -> PolicySettings:
    """The tenant's settings for ``agent``, with ``mode`` (if given) replacing its autonomy mode.

    A tenant without a row for the agent gets the column defaults (assisted, enabled,
    no auto-approve, 50 emails a day, 3 follow-ups, $500.00 of refunds per customer a day).

    Raises:
        InvalidArgumentError: unknown agent or mode (names ``agent`` / ``mode``).
    """
    check_agent(agent)
    override = check_mode(mode)
    row = scope.session.scalars(
        select(AgentConfig).where(
            AgentConfig.tenant_id == scope.tenant_id, AgentConfig.agent == agent
        )
    ).first()
    base = PolicySettings(agent=agent)
    if row is not None:
        configured = row.autonomy_mode if row.autonomy_mode in MODES else AutonomyMode.ASSISTED
        base = PolicySettings(
            agent=agent,
            mode=AutonomyMode(configured),
            enabled=row.enabled,
            auto_approve=row.auto_approve,
            max_daily_outreach=row.max_daily_outreach,
            max_followups=row.max_followups,
            max_daily_refund_per_customer=row.max_daily_refund_per_customer,
        )
    if override is None:
        return base
    return replace(base, mode=override, mode_source="argument")
