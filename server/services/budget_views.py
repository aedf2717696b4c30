"""Budgets as the console sees them: limits and today's usage, and changing limits."""

from __future__ import annotations

from typing import Any

from domain.approvals import audit
from domain.budgets import Limits, budget_overview, set_limits, usage_day
from domain.budgets.ledger import Usage
from domain.budgets.pricing import micro, usd
from domain.models.budgets import TENANT_WIDE
from domain.scope import Scope
from server.schemas.budgets import (
    BudgetLimitsView,
    BudgetsView,
    BudgetUpdate,
    BudgetUsageView,
    BudgetView,
)


def budgets_view(scope: Scope) -> BudgetsView:
    """The tenant's total and every agent with a limit or usage today."""
    day = usage_day()
    items = [
        _view(agent, limits, usage)
        for agent, limits, usage in budget_overview(scope.session, scope.tenant_id, day)
    ]
    return BudgetsView(day=day, items=items)


def update_budget(scope: Scope, update: BudgetUpdate) -> BudgetView:
    """Apply the limits given in ``update`` (audited); the budget with today's usage."""
    agent = update.agent or TENANT_WIDE
    changes: dict[str, Any] = {
        name: getattr(update, name)
        for name in ("max_runs", "max_llm_calls", "max_tokens")
        if name in update.model_fields_set
    }
    if "max_cost_usd" in update.model_fields_set:
        changes["max_cost_micro_usd"] = micro(update.max_cost_usd)
    limits = set_limits(scope.session, scope.tenant_id, agent, changes)
    shown = {k: (str(v) if k == "max_cost_micro_usd" else v) for k, v in changes.items()}
    audit(
        scope,
        "configured",
        detail={
            "agent": "supervisor" if agent == TENANT_WIDE else agent,
            "budget": agent,
            "changes": shown,
        },
    )
    usage = next(
        (
            u
            for a, _, u in budget_overview(scope.session, scope.tenant_id, usage_day())
            if a == agent
        ),
        Usage(),
    )
    return _view(agent, limits, usage)


def _view(agent: str, limits: Limits, usage: Usage) -> BudgetView:
    cost_limit = usd(limits.max_cost_micro_usd)
    return BudgetView(
        agent=None if agent == TENANT_WIDE else agent,
        limits=BudgetLimitsView(
            max_runs=limits.max_runs,
            max_llm_calls=limits.max_llm_calls,
            max_tokens=limits.max_tokens,
            max_cost_usd=None if cost_limit is None else float(cost_limit),
        ),
        used=BudgetUsageView(
            runs=usage.runs,
            llm_calls=usage.llm_calls,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            tokens=usage.tokens,
            cost_usd=float(usd(usage.cost_micro_usd) or 0),
        ),
    )
