"""Daily budgets: limits per tenant and agent, and what was used today (UTC)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from server.schemas.request_body import RequestBody

BudgetAgentName = Literal[
    "sales", "marketing", "operations", "support", "analytics", "research", "supervisor"
]
"""A department, or the supervisor's own calls (routing fallback, synthesis)."""


class BudgetLimitsView(BaseModel):
    """Daily limits; null is unlimited."""

    max_runs: int | None = Field(
        description="Runs a day: new requests for the tenant, department tasks for an agent."
    )
    max_llm_calls: int | None = Field(description="Model calls a day.")
    max_tokens: int | None = Field(description="Input plus output tokens a day.")
    max_cost_usd: float | None = Field(
        description="US dollars a day, priced by SWITCHBOARD_MODEL_PRICES."
    )


class BudgetUsageView(BaseModel):
    """What was used on the day."""

    runs: int
    llm_calls: int
    input_tokens: int
    output_tokens: int
    tokens: int = Field(description="input_tokens + output_tokens")
    cost_usd: float


class BudgetView(BaseModel):
    """One budget: the tenant's total (agent null) or one agent's."""

    agent: BudgetAgentName | None = Field(description="null for the tenant's total budget.")
    limits: BudgetLimitsView
    used: BudgetUsageView


class BudgetsView(BaseModel):
    """The tenant's budgets and today's usage; every agent that has either is listed."""

    day: date = Field(description="The UTC day the usage is for; budgets reset at 00:00 UTC.")
    items: list[BudgetView]


class BudgetUpdate(RequestBody):
    """Limits to change for one budget; a field left out stays as it is, null unlimits it."""

    agent: BudgetAgentName | None = Field(
        default=None, description="Whose budget; left out or null: the tenant's total."
    )
    max_runs: int | None = Field(default=None, ge=0, le=2**31 - 1)
    max_llm_calls: int | None = Field(default=None, ge=0, le=2**31 - 1)
    max_tokens: int | None = Field(default=None, ge=0, le=10**15)
    max_cost_usd: Decimal | None = Field(
        default=None,
        ge=0,
        le=10**9,
        decimal_places=6,
        strict=False,  # JSON numbers are fine
    )
