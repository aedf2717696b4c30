"""Budget limits: reading, changing, and deciding whether usage is over them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.base import utcnow
from domain.budgets.ledger import Usage, usage_of
from domain.errors import InvalidArgumentError
from domain.models import Budget, Department
from domain.models.budgets import TENANT_WIDE

BUDGET_AGENTS = (TENANT_WIDE, *(d.value for d in Department), "supervisor")
"""What a budget can be for: the tenant's total, a department, or the supervisor's own
calls (routing fallback and synthesis)."""
METRICS = ("runs", "llm_calls", "tokens", "cost")


@dataclass(frozen=True)
class Limits:
    """Daily limits; None is unlimited. Cost is in micro-dollars."""

    max_runs: int | None = None
    max_llm_calls: int | None = None
    max_tokens: int | None = None
    max_cost_micro_usd: int | None = None

    def limit_of(self, metric: str) -> int | None:
        """The limit for ``runs``, ``llm_calls``, ``tokens`` or ``cost``."""
        return {
            "runs": self.max_runs,
            "llm_calls": self.max_llm_calls,
            "tokens": self.max_tokens,
            "cost": self.max_cost_micro_usd,
        }[metric]


LIMIT_FIELDS = tuple(f.name for f in fields(Limits))


def used_of(usage: Usage, metric: str) -> int:
    """The ledger's value for a metric (tokens are input plus output)."""
    if metric == "tokens":
        return usage.tokens
    if metric == "cost":
        return usage.cost_micro_usd
    value: int = getattr(usage, metric)
    return value


def read_limits(session: Session, tenant_id: str, agents: Iterable[str]) -> dict[str, Limits]:
    """The limits of each of ``agents`` (unlimited where no row exists)."""
    wanted = list(agents)
    rows = session.scalars(
        select(Budget).where(Budget.tenant_id == tenant_id, Budget.agent.in_(wanted))
    )
    found = {
        row.agent: Limits(**{name: getattr(row, name) for name in LIMIT_FIELDS}) for row in rows
    }
    return {agent: found.get(agent, Limits()) for agent in wanted}


def set_limits(session: Session, tenant_id: str, agent: str, changes: dict[str, Any]) -> Limits:
    """Change some of one budget's limits (a None value makes that limit unlimited).

    Raises:
        InvalidArgumentError: an unknown agent, limit or a negative value.
    """
    if agent not in BUDGET_AGENTS:
        raise InvalidArgumentError(
            "agent", f"unknown agent {agent!r}; use one of {', '.join(BUDGET_AGENTS)}"
        )
    for name, value in changes.items():
        if name not in LIMIT_FIELDS:
            raise InvalidArgumentError(name, "is not a budget limit")
        if value is not None and value < 0:
            raise InvalidArgumentError(name, "must be 0 or more (null means unlimited)")
    row = session.scalars(
        select(Budget).where(Budget.tenant_id == tenant_id, Budget.agent == agent)
    ).first()
    if row is None:
        row = Budget(tenant_id=tenant_id, agent=agent)
        session.add(row)
    for name, value in changes.items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    session.flush()
    return Limits(**{name: getattr(row, name) for name in LIMIT_FIELDS})


def first_exceeded(
    limits: Limits, usage: Usage, metrics: Iterable[str], *, counted: Iterable[str] = ()
) -> tuple[str, int, int] | None:
    """The first metric over its limit as ``(metric, used, limit)``, or None.

    ``counted`` names metrics whose totals already include the request being admitted
    (runs and model calls are counted before they happen): those may reach their limit
    but not pass it. The others (tokens, cost) are only known afterwards, so reaching
    the limit is enough to refuse the next call.
    """
    already = set(counted)
    for metric in metrics:
        limit = limits.limit_of(metric)
        if limit is None:
            continue
        used = used_of(usage, metric)
        if (used > limit) if metric in already else (used >= limit):
            return metric, used - 1 if metric in already else used, limit
    return None


def budget_overview(session: Session, tenant_id: str, day: date) -> list[tuple[str, Limits, Usage]]:
    """Every budget the tenant has set or used today, tenant total first."""
    usage = usage_of(session, tenant_id, day)
    limits = {
        row.agent: Limits(**{name: getattr(row, name) for name in LIMIT_FIELDS})
        for row in session.scalars(select(Budget).where(Budget.tenant_id == tenant_id))
    }
    agents = [a for a in BUDGET_AGENTS if a == TENANT_WIDE or a in usage or a in limits]
    return [(a, limits.get(a, Limits()), usage.get(a, Usage())) for a in agents]
