"""Budget alerts at 80 % and 100 %: once per tenant, agent, day, metric and threshold.

The unique ``budget_alerts`` row is the "already sent" flag: the insert that wins writes
the activity-log entry (an audit event ``budget_alert``) and a message to the user in
the same transaction; every later call (in any process) inserts nothing and sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from domain.base import utcnow
from domain.budgets.ledger import Usage, insert_for
from domain.budgets.limits import Limits, used_of
from domain.budgets.pricing import usd
from domain.models import AgentMessage, AuditEvent, BudgetAlert
from domain.models.budgets import TENANT_WIDE

THRESHOLDS = (80, 100)
ALERTS: Table = BudgetAlert.__table__  # type: ignore[assignment]


def alert_crossings(
    session: Session,
    tenant_id: str,
    agent: str,
    day: date,
    limits: Limits,
    usage: Usage,
    metrics: Iterable[str],
    *,
    thread_id: str | None = None,
) -> list[int]:
    """Send the alerts ``usage`` has earned and nobody has sent yet; their percents."""
    sent = []
    for metric in metrics:
        limit = limits.limit_of(metric)
        if not limit:
            continue
        used = used_of(usage, metric)
        for threshold in THRESHOLDS:
            if used * 100 >= threshold * limit and _claim(
                session, tenant_id, agent, day, metric, threshold
            ):
                _announce(session, tenant_id, agent, day, metric, threshold, used, limit, thread_id)
                sent.append(threshold)
    return sent


def _claim(
    session: Session, tenant_id: str, agent: str, day: date, metric: str, threshold: int
) -> bool:
    insert = insert_for(session)
    statement = (
        insert(ALERTS)
        .values(
            tenant_id=tenant_id,
            agent=agent,
            day=day,
            metric=metric,
            threshold=threshold,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["tenant_id", "agent", "day", "metric", "threshold"])
        .returning(ALERTS.c.id)
    )
    return session.execute(statement).first() is not None


def _announce(
    session: Session,
    tenant_id: str,
    agent: str,
    day: date,
    metric: str,
    threshold: int,
    used: int,
    limit: int,
    thread_id: str | None,
) -> None:
    shown_used, shown_limit = (
        (f"${usd(used):.4f}", f"${usd(limit):.4f}") if metric == "cost" else (used, limit)
    )
    whose = "the tenant" if agent == TENANT_WIDE else f"agent {agent}"
    state = "is spent" if threshold >= 100 else f"is {threshold}% used"
    text = (
        f"The daily {metric.replace('_', ' ')} budget of {whose} {state}: "
        f"{shown_used} of {shown_limit} on {day.isoformat()} (UTC)."
    )
    detail: dict[str, Any] = {
        "agent": "supervisor" if agent == TENANT_WIDE else agent,
        "budget": agent,
        "metric": metric,
        "threshold": threshold,
        "used": used,
        "limit": limit,
        "day": day.isoformat(),
        "summary": text,
    }
    session.add(
        AuditEvent(
            tenant_id=tenant_id,
            thread_id=thread_id,
            actor="switchboard",
            event="budget_alert",
            detail=detail,
        )
    )
    session.add(
        AgentMessage(
            tenant_id=tenant_id,
            from_agent=detail["agent"],
            to_agent="user",
            message_type="escalation" if threshold >= 100 else "notification",
            priority="high" if threshold >= 100 else "medium",
            payload={"kind": "budget_alert", **detail},
            requires_response=False,
            thread_id=thread_id,
        )
    )
    session.flush()
