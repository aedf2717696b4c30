"""The approval queue: request, decide (exactly one winner), record execution, audit.

A decision is written with a conditional update (``status = 'pending'``) and its audit
row in the same transaction, so of two people approving at once exactly one wins and
the other gets a ConflictError naming who decided first.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select, update

from domain import outbox
from domain.base import utcnow
from domain.errors import ConflictError, NotFoundError
from domain.models import Approval, AuditEvent, Feedback, OutboxMessage
from domain.scope import Scope
from domain.separation import check_distinct_approver

DecisionType = Literal["approve", "edit", "reject", "respond"]
STATUS_AFTER: dict[str, str] = {
    "approve": "approved",
    "edit": "edited",
    "reject": "rejected",
    "respond": "responded",
}


@dataclass(frozen=True)
class Decision:
    """A human's answer to one action (the HITL decision types)."""

    type: DecisionType
    args: dict[str, Any] | None = None
    message: str | None = None
    policy: dict[str, Any] | None = None
    """For an edit: the policy's verdict on the edited action (outcome and reasons)."""

    def as_hitl(self, tool: str) -> dict[str, Any]:
        """The decision in LangChain's HITL response shape."""
        if self.type == "edit":
            return {"type": "edit", "edited_action": {"name": tool, "args": self.args or {}}}
        if self.type in ("reject", "respond"):
            return {"type": self.type, "message": self.message or ""}
        return {"type": "approve"}

    @classmethod
    def from_hitl(cls, raw: dict[str, Any]) -> Decision:
        """A decision from LangChain's HITL response shape."""
        if raw["type"] == "edit":
            return cls(
                type="edit",
                args=dict(raw.get("edited_action", {}).get("args") or {}),
                message=raw.get("message"),
            )
        return cls(type=raw["type"], message=raw.get("message"))

    @classmethod
    def from_row(cls, row: Approval) -> Decision:
        data = row.decision or {}
        return cls(
            type=data["type"],
            args=data.get("args"),
            message=data.get("message"),
            policy=data.get("policy"),
        )

    def stored(self) -> dict[str, Any]:
        """The decision as the approvals table keeps it."""
        kept: dict[str, Any] = {"type": self.type}
        if self.args is not None:
            kept["args"] = self.args
        if self.message:
            kept["message"] = self.message
        if self.policy is not None:
            kept["policy"] = self.policy
        return kept


def outbox_key(thread_id: str, action_id: str) -> str:
    """The idempotency key of an action: its thread and its stable action id."""
    return f"{thread_id}:{action_id}"


def request_approval(
    scope: Scope,
    *,
    thread_id: str,
    action_id: str,
    agent: str,
    tool: str,
    args: dict[str, Any],
    summary: str,
    reasons: Sequence[dict[str, Any]],
) -> Approval:
    """The pending approval for an action, created once (a replayed node finds it)."""
    existing = get(scope, thread_id, action_id)
    if existing is not None:
        return existing
    caller = scope.caller
    row = Approval(
        tenant_id=scope.tenant_id,
        thread_id=thread_id,
        action_id=action_id,
        agent=agent,
        tool=tool,
        args=args,
        summary=summary,
        reasons=list(reasons),
        status="pending",
        requested_by=caller.actor if caller else scope.actor,
        requested_key_id=caller.key_id if caller else None,
        requested_person=caller.person if caller else None,
    )
    scope.session.add(row)
    scope.session.flush()
    audit(scope, "requested", approval=row, detail={"reasons": list(reasons)})
    return row


def get(scope: Scope, thread_id: str, action_id: str) -> Approval | None:
    """The approval of one action on one thread."""
    return scope.session.scalars(
        select(Approval).where(
            Approval.tenant_id == scope.tenant_id,
            Approval.thread_id == thread_id,
            Approval.action_id == action_id,
        )
    ).first()


def for_thread(scope: Scope, thread_id: str) -> list[Approval]:
    """Every approval on a thread, oldest first."""
    return list(
        scope.session.scalars(
            select(Approval)
            .where(Approval.tenant_id == scope.tenant_id, Approval.thread_id == thread_id)
            .order_by(Approval.id)
        )
    )


def decided_before(scope: Scope, thread_id: str, action_id: str) -> bool:
    """Whether an approval older than this action's on the thread was approved or edited."""
    row = get(scope, thread_id, action_id)
    if row is None:
        return False
    earlier = scope.session.scalars(
        select(Approval.id).where(
            Approval.tenant_id == scope.tenant_id,
            Approval.thread_id == thread_id,
            Approval.id < row.id,
            Approval.status.in_(("approved", "edited")),
        )
    ).first()
    return earlier is not None


def pending(scope: Scope, *, agent: str | None = None, limit: int = 100) -> list[Approval]:
    """The tenant's pending approvals across threads, oldest first."""
    query = select(Approval).where(
        Approval.tenant_id == scope.tenant_id, Approval.status == "pending"
    )
    if agent is not None:
        query = query.where(Approval.agent == agent)
    return list(scope.session.scalars(query.order_by(Approval.id).limit(limit)))


def decide(scope: Scope, approval_id: int, decision: Decision) -> Approval:
    """Record a decision on a pending approval, with its audit row and any feedback.

    Raises:
        NotFoundError: no such approval for this tenant.
        ConflictError: it was already decided (by someone else, or earlier).
        ForbiddenError: the tenant requires a distinct approver and the caller
            requested this action (``domain.separation``).
    """
    row = scope.session.get(Approval, approval_id)
    if row is None or row.tenant_id != scope.tenant_id:
        raise NotFoundError("approval", approval_id, argument="approval_id")
    if row.status == "pending" and decision.type in ("approve", "edit"):
        check_distinct_approver(scope, row)  # rejecting one's own action is always fine
    stored = decision.stored()
    won = scope.session.execute(
        update(Approval)
        .where(Approval.id == approval_id, Approval.status == "pending")
        .values(
            status=STATUS_AFTER[decision.type],
            decision=stored,
            decided_by=scope.actor,
            decided_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    scope.session.refresh(row)
    if won.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError(
            f"approval {approval_id} was already decided ({row.status} by {row.decided_by} "
            f"at {row.decided_at:%Y-%m-%d %H:%M:%S})"
        )
    audit(scope, STATUS_AFTER[decision.type], approval=row, detail=stored)
    if decision.type in ("reject", "respond"):  # the action will not happen
        outbox.reject(scope, outbox_key(row.thread_id, row.action_id))
    if decision.type in ("reject", "edit") and decision.message:
        scope.session.add(
            Feedback(
                tenant_id=scope.tenant_id,
                agent=row.agent,
                tool=row.tool,
                kind="rejected" if decision.type == "reject" else "edited",
                message=decision.message,
                approval_id=row.id,
            )
        )
    return row


def record_if_pending(
    scope: Scope, thread_id: str, action_id: str, decision: Decision
) -> Approval | None:
    """Record a decision that reached the graph directly (an AG-UI resume).

    The CLI and REST paths record decisions before resuming; a client resuming the
    graph itself (CopilotKit) arrives here first. An approval already decided the same
    way is left as is; one decided differently raises ConflictError.
    """
    row = get(scope, thread_id, action_id)
    if row is None:
        return None
    if row.status == "pending":
        return decide(scope, row.id, decision)
    if (row.decision or {}).get("type") != decision.type:
        raise ConflictError(
            f"approval {row.id} was already decided ({row.status} by {row.decided_by})"
        )
    if decision.type == "edit" and decision.args != Decision.from_row(row).args:
        return change_edit(scope, row, decision)
    return row


def change_edit(scope: Scope, row: Approval, decision: Decision) -> Approval:
    """Replace an edit's arguments with a later edit's, while nothing has run yet.

    The caller has checked the new arguments (``nodes.approval.checked_edit``) and holds
    the thread (its run has not resumed past the approval). The update is conditional on
    the row still being the edit the caller read and not executed, so a concurrent
    change or an execution in between makes it a ConflictError naming the first edit.

    Raises:
        ConflictError: the action already ran, or the row changed meanwhile.
    """
    first = describe(row)
    key = outbox_key(row.thread_id, row.action_id)
    sent = scope.session.scalars(
        select(OutboxMessage.status).where(
            OutboxMessage.tenant_id == scope.tenant_id, OutboxMessage.idempotency_key == key
        )
    ).first()
    if row.executed_at is not None or sent not in (None, outbox.OutboxStatus.PENDING_APPROVAL):
        raise ConflictError(f"{first}; that action already ran, so it cannot be edited again")
    previous = row.decision or {}
    stored = decision.stored()
    won = scope.session.execute(
        update(Approval)
        .where(
            Approval.id == row.id,
            Approval.status == "edited",
            Approval.executed_at.is_(None),
            Approval.decided_at == row.decided_at,
        )
        .values(decision=stored, decided_by=scope.actor, decided_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    scope.session.refresh(row)
    if won.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError(f"{first}; it changed while this edit was checked, try again")
    audit(scope, "re-edited", approval=row, detail={**stored, "replaces": previous})
    return row


def describe(row: Approval) -> str:
    """How a decided approval was decided, for conflict messages.

    ``action a1 was already edited by alice at 2026-12-05 01:02:03 to {"amount": 300}``.
    """
    decision = row.decision or {}
    when = f" at {row.decided_at:%Y-%m-%d %H:%M:%S}" if row.decided_at else ""
    what = f"action {row.action_id} (approval {row.id}) was already {row.status}"
    text = f"{what} by {row.decided_by}{when}"
    if decision.get("type") == "edit":
        text += f" to {json.dumps(decision.get('args') or {}, sort_keys=True, default=str)}"
    return text


def mark_executed(
    scope: Scope, row: Approval, *, outbox_id: int | None, result: dict[str, Any]
) -> None:
    """Note that an approved action ran (same transaction as the action itself).

    A repeat (a replay that found the action in the outbox) keeps the first record.
    """
    if row.executed_at is not None:
        return
    row.executed_at = utcnow()
    row.outbox_id = outbox_id
    row.result = result


def recent_feedback(
    scope: Scope, agent: str, *, tool: str | None = None, limit: int = 3
) -> list[str]:
    """The newest feedback messages for an agent (on one tool), newest first.

    Drafting reads these: the outreach writer asks for feedback on ``send_email`` only.
    """
    query = select(Feedback.message).where(
        Feedback.tenant_id == scope.tenant_id, Feedback.agent == agent
    )
    if tool is not None:
        query = query.where(Feedback.tool == tool)
    return list(scope.session.scalars(query.order_by(Feedback.id.desc()).limit(limit)))


def audit(
    scope: Scope,
    event: str,
    *,
    approval: Approval | None = None,
    thread_id: str | None = None,
    action_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one audit event, naming the key and person it was done for."""
    caller = scope.caller
    scope.session.add(
        AuditEvent(
            tenant_id=scope.tenant_id,
            approval_id=approval.id if approval else None,
            thread_id=approval.thread_id if approval else thread_id,
            action_id=approval.action_id if approval else action_id,
            actor=scope.actor,
            key_id=caller.key_id if caller else None,
            key_name=caller.key_name if caller else None,
            person=caller.person if caller else None,
            event=event,
            detail=detail or {},
        )
    )
