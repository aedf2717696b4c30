"""The three moments a budget is enforced or charged: run start, before and after a call.

Each runs in the caller's transaction. Counted metrics (runs, model calls) are
incremented first and checked against the totals the increment returned, so two
processes racing for the last unit cannot both get it: the loser raises and its
transaction (with its increment) rolls back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from domain.budgets.alerts import alert_crossings
from domain.budgets.errors import BudgetExceededError
from domain.budgets.ledger import increment
from domain.budgets.limits import Limits, first_exceeded, read_limits
from domain.budgets.pricing import usd
from domain.models.budgets import TENANT_WIDE


def usage_day() -> date:
    """Budgets are per UTC calendar day (real time, not the demo's business date)."""
    return datetime.now(UTC).date()


def admit_run(
    session: Session, tenant_id: str, *, day: date | None = None, thread_id: str | None = None
) -> None:
    """Count a new run against the tenant's run budget.

    Raises:
        BudgetExceededError: the run budget is spent, or so is the token, cost or
            model-call budget (the run could not make a single model call).
    """
    day = day or usage_day()
    usage = increment(session, tenant_id, TENANT_WIDE, day, runs=1)
    limits = read_limits(session, tenant_id, [TENANT_WIDE])[TENANT_WIDE]
    over = first_exceeded(limits, usage, ("runs", "tokens", "cost", "llm_calls"), counted=("runs",))
    if over is not None:
        _raise(tenant_id, TENANT_WIDE, *over)
    alert_crossings(
        session, tenant_id, TENANT_WIDE, day, limits, usage, ("runs",), thread_id=thread_id
    )


def admit_model_call(
    session: Session,
    tenant_id: str,
    agent: str,
    *,
    new_agent_run: bool = False,
    day: date | None = None,
    thread_id: str | None = None,
) -> None:
    """Count one model call (and, first time in a task, one run of ``agent``); refuse it
    when the tenant's or the agent's budget is spent.

    Raises:
        BudgetExceededError: a model-call, token, cost or (agent) run budget is spent.
    """
    day = day or usage_day()
    limits = read_limits(session, tenant_id, [TENANT_WIDE, agent])
    totals = {
        TENANT_WIDE: increment(session, tenant_id, TENANT_WIDE, day, llm_calls=1),
        agent: increment(
            session, tenant_id, agent, day, llm_calls=1, **({"runs": 1} if new_agent_run else {})
        ),
    }
    for whose, usage in totals.items():
        metrics = (
            "llm_calls",
            "tokens",
            "cost",
            *(("runs",) if whose == agent and new_agent_run else ()),
        )
        over = first_exceeded(limits[whose], usage, metrics, counted=("llm_calls", "runs"))
        if over is not None:
            _raise(tenant_id, whose, *over)
    for whose, usage in totals.items():
        counted = ("llm_calls", "runs") if whose == agent else ("llm_calls",)
        alert_crossings(
            session, tenant_id, whose, day, limits[whose], usage, counted, thread_id=thread_id
        )


def is_limited(session: Session, tenant_id: str, agent: str) -> bool:
    """Whether the tenant's total or the agent's budget has any limit set.

    When neither has, a call needs no check before it runs, and its count is recorded
    with its tokens afterwards (one transaction per call instead of two).
    """
    return any(
        limits != Limits()
        for limits in read_limits(session, tenant_id, [TENANT_WIDE, agent]).values()
    )


def record_model_usage(
    session: Session,
    tenant_id: str,
    agent: str,
    *,
    input_tokens: int,
    output_tokens: int,
    cost_micro_usd: int,
    llm_calls: int = 0,
    agent_runs: int = 0,
    day: date | None = None,
    thread_id: str | None = None,
) -> None:
    """Add a finished call's tokens and cost to the tenant's and the agent's ledger.

    ``llm_calls`` and ``agent_runs`` count the call (and the agent's run) here when
    ``admit_model_call`` did not (no limit was set).
    """
    day = day or usage_day()
    limits = read_limits(session, tenant_id, [TENANT_WIDE, agent])
    for whose in (TENANT_WIDE, agent):
        counts = {"llm_calls": llm_calls} if llm_calls else {}
        if agent_runs and whose == agent:
            counts["runs"] = agent_runs
        usage = increment(
            session,
            tenant_id,
            whose,
            day,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cost_micro_usd=cost_micro_usd,
            **counts,
        )
        alert_crossings(
            session,
            tenant_id,
            whose,
            day,
            limits[whose],
            usage,
            ("tokens", "cost"),
            thread_id=thread_id,
        )


def _raise(tenant_id: str, whose: str, metric: str, used: int, limit: int) -> None:
    if metric == "cost":
        raise BudgetExceededError(
            tenant_id, whose, metric, f"${usd(used):.4f}", f"${usd(limit):.4f}"
        )
    raise BudgetExceededError(tenant_id, whose, metric, str(used), str(limit))
