"""``/budgets``: the tenant's daily run, model-call, token and cost budgets (OWASP LLM10)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from server.deps import AdminScopeDep, ScopeDep
from server.schemas.budgets import BudgetsView, BudgetUpdate, BudgetView
from server.schemas.common import BODY_ERRORS, error_responses
from server.services.budget_views import budgets_view, update_budget

router = APIRouter(prefix="/budgets", tags=["budgets"])


@router.get(
    "",
    response_model=BudgetsView,
    summary="The tenant's daily budgets and today's usage",
    responses=error_responses(),
)
def get_budgets(scope: ScopeDep) -> BudgetsView:
    """The tenant's total and each agent with a limit or usage today (UTC)."""
    return budgets_view(scope)


@router.patch(
    "",
    response_model=BudgetView,
    summary="Set daily limits for the tenant or one agent",
    responses=error_responses(*BODY_ERRORS),
)
def patch_budgets(update: BudgetUpdate, scope: AdminScopeDep) -> Any:
    """Change the limits given (null: unlimited); written to the audit log.

    A spent budget refuses new runs (429) and ends a running one before its next model
    call; raising the limit lets work continue the same day.
    """
    return update_budget(scope, update)
