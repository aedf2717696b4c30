"""Actions on their way but not executed yet, which the cumulative limits count.

A limit checked one action at a time can be split: three $499 refunds on one order
pass a $500 rule each. The policy therefore also counts what is already committed:

- approved (or edited) actions that have not run yet: an ``approvals`` row decided
  ``approved`` / ``edited`` with no ``executed_at`` whose outbox row is still
  ``pending_approval`` (a rejected, executed or failed action no longer counts);
- the actions proposed earlier in the same review (``earlier``): one run proposing
  ten emails, or two refunds, is judged as a whole.

An edit that replaces an action's arguments is judged without that action's own
earlier version (``excluding``), so it is not counted twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, exists, select

from domain.models import Approval, AuditEvent, OutboxMessage
from domain.scope import Scope

DECIDED_TO_RUN = ("approved", "edited")


@dataclass(frozen=True)
class InFlight:
    """One action that will run unless something stops it.

    Attributes:
        tool: the tool name.
        agent: the department proposing it.
        args: the arguments it will run with (the edit's, when edited).
        source: ``approved`` (decided, not executed) or ``this_run`` (proposed earlier in
            the same review).
        label: how a reason names it (``approval 12``, ``an earlier action of this run``).
    """

    tool: str
    agent: str
    args: Mapping[str, Any]
    source: str
    label: str


@dataclass(frozen=True)
class Pending:
    """What is in flight for one decision: read lazily, per tool."""

    scope: Scope
    earlier: Sequence[Mapping[str, Any]] = ()
    excluding: tuple[str, str] | None = None
    _cache: dict[tuple[str, bool], list[InFlight]] = field(default_factory=dict)

    def of(self, tool: str, *, today_only: bool = False) -> list[InFlight]:
        """In-flight actions of ``tool``: approved ones first, then this run's earlier ones.

        ``today_only`` keeps approved actions proposed on the business day (the daily
        limits); this run's actions are always today's.
        """
        key = (tool, today_only)
        if key not in self._cache:
            approved = approved_unexecuted(
                self.scope, tool, excluding=self.excluding, today_only=today_only
            )
            mine = [
                InFlight(
                    tool=tool,
                    agent=str(a.get("department") or a.get("agent") or ""),
                    args=dict(a.get("args") or {}),
                    source="this_run",
                    label="an earlier action of this run",
                )
                for a in self.earlier
                if a.get("tool") == tool
            ]
            self._cache[key] = [*approved, *mine]
        return self._cache[key]


def approved_unexecuted(
    scope: Scope, tool: str, *, excluding: tuple[str, str] | None = None, today_only: bool = False
) -> list[InFlight]:
    """The tenant's approved or edited ``tool`` actions that have not executed yet."""
    key = Approval.thread_id + ":" + Approval.action_id
    query = (
        select(Approval, OutboxMessage.created_at)
        .join(
            OutboxMessage,
            and_(
                OutboxMessage.tenant_id == Approval.tenant_id,
                OutboxMessage.idempotency_key == key,
            ),
        )
        .where(
            Approval.tenant_id == scope.tenant_id,
            Approval.tool == tool,
            Approval.status.in_(DECIDED_TO_RUN),
            Approval.executed_at.is_(None),
            OutboxMessage.status == "pending_approval",
            ~exists().where(AuditEvent.approval_id == Approval.id, AuditEvent.event == "failed"),
        )
        .order_by(Approval.id)
    )
    if today_only:
        start = datetime.combine(scope.today, time.min, tzinfo=UTC)
        query = query.where(
            OutboxMessage.created_at >= start, OutboxMessage.created_at < start + timedelta(days=1)
        )
    found = []
    for row, _created in scope.session.execute(query).all():
        if excluding is not None and (row.thread_id, row.action_id) == excluding:
            continue
        decision = row.decision or {}
        args = decision.get("args") if decision.get("type") == "edit" else None
        found.append(
            InFlight(
                tool=row.tool,
                agent=row.agent,
                args=dict(args if args is not None else row.args or {}),
                source="approved",
                label=f"approval {row.id}",
            )
        )
    return found
