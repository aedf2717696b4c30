"""Daily LLM budgets: limits per tenant and agent, an atomic usage ledger, alerts.

``admit_run`` is called when a run starts; ``admit_model_call`` before every model call
and ``record_model_usage`` after it (from the model seam, ``adapters.budget_guard``).
"""

from domain.budgets.errors import BudgetExceededError
from domain.budgets.gate import (
    admit_model_call,
    admit_run,
    is_limited,
    record_model_usage,
    usage_day,
)
from domain.budgets.limits import (
    BUDGET_AGENTS,
    Limits,
    budget_overview,
    read_limits,
    set_limits,
)
from domain.budgets.pricing import cost_micro_usd

__all__ = [
    "BUDGET_AGENTS",
    "BudgetExceededError",
    "Limits",
    "admit_model_call",
    "admit_run",
    "budget_overview",
    "cost_micro_usd",
    "is_limited",
    "read_limits",
    "record_model_usage",
    "set_limits",
    "usage_day",
]
