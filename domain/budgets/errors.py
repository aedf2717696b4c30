"""The error a spent budget raises: one sentence saying which budget and what to do."""

from __future__ import annotations

from domain.errors import DomainError


class BudgetExceededError(DomainError):
    """A daily budget is spent; nothing more of that kind runs today (UTC).

    Attributes:
        tenant_id: whose budget.
        agent: ``*`` for the tenant's total, else the agent's name.
        metric: ``runs``, ``llm_calls``, ``tokens`` or ``cost``.
    """

    def __init__(self, tenant_id: str, agent: str, metric: str, used: str, limit: str) -> None:
        self.tenant_id = tenant_id
        self.agent = agent
        self.metric = metric
        whose = f"tenant {tenant_id}" if agent == "*" else f"agent {agent} of tenant {tenant_id}"
        super().__init__(
            f"the daily {METRIC_NAMES[metric]} budget of {whose} is spent ({used} of {limit} "
            "used today, UTC); nothing more runs until tomorrow or until the budget is "
            "raised (PATCH /budgets)"
        )


METRIC_NAMES = {"runs": "run", "llm_calls": "model-call", "tokens": "token", "cost": "cost"}
