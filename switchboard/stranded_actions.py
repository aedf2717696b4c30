"""Approved actions the graph no longer holds, carried out through the executor.

Only a run that applied new input over due steps (before recovery existed: the bug this
module fixes) leaves an approved action with nothing due and no interrupt asking for it.
The approvals table is the record of what a human allowed, and the executor's outbox
key (thread + action id) keeps each action exactly-once.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from langchain_core.messages import AIMessage
from langgraph.graph.state import CompiledStateGraph
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from adapters.services import Services
from domain import approvals, runs
from domain.approvals import Decision
from domain.models import Approval
from graphs.context import Context
from graphs.state import ActionOutcome, DepartmentName, PendingAction
from nodes.answer_frame import status_line
from nodes.approval import carry_out
from switchboard.recovery_status import RECOVERY_ACTOR, never_executed
from switchboard.runs import RunOutcome

log = logging.getLogger("switchboard.recovery")


STRANDED = (
    select(Approval)
    .where(
        Approval.tenant_id == bindparam("tenant"),
        Approval.thread_id == bindparam("thread"),
        *never_executed(Approval),
    )
    .order_by(Approval.id)
)
"""The query of ``stranded``, built once: every run's recovery check asks it (its two
``NOT EXISTS`` and the alias cost more to build each time than to run)."""


def stranded(session: Session, tenant: str, thread_id: str) -> list[Approval]:
    """Approved or edited actions never executed, while none of the thread's is pending.

    When the graph holds nothing that would run them (no due steps, no interrupt asking
    for them), they are carried out directly: only a run that applied new input over
    due steps (before recovery existed) leaves that, and the approvals table is the
    record of what a human allowed. ``session`` may be cross-tenant: the query names
    the tenant.
    """
    return list(session.scalars(STRANDED, {"tenant": tenant, "thread": thread_id}))


def carry_out_stranded(
    services: Services,
    graph: CompiledStateGraph[Any, Any, Any, Any],
    thread_id: str,
    tenant: str,
    rows: list[Approval],
    run_id: str,
    orphans: list[str],
) -> RunOutcome:
    """Run each stranded action through the executor (outbox key: exactly once) in a run."""
    context = Context(tenant_id=tenant, actor=RECOVERY_ACTOR)
    with services.scope(tenant, actor=RECOVERY_ACTOR) as scope:
        runs.start_run(
            scope,
            run_id=run_id,
            thread_id=thread_id,
            kind="recover",
            run_input={
                "recovered": "carried_out",
                "action_ids": [r.action_id for r in rows],
                "orphaned_runs": orphans,
            },
        )
    outcomes = [_carry_out_one(services, context, thread_id, r) for r in rows]
    text = "Recovered after a restart:\n" + "\n".join(status_line(o) for o in outcomes)
    failed = [o for o in outcomes if o["status"] != "executed"]
    outcome = RunOutcome(thread_id, "done", [], text, run_id=run_id)
    config: dict[str, Any] = {"configurable": {"thread_id": thread_id}}
    try:  # the conversation says what happened, as a finished run's answer would
        graph.update_state(
            config,  # type: ignore[arg-type]
            {"messages": [AIMessage(text, name="switchboard")], "answer": text},
            as_node="respond",
        )
    except Exception as exc:  # the actions are done; the note in the history is a nicety
        log.exception("thread %s: could not add the recovery note", thread_id)
        outcome.error = f"{type(exc).__name__}: {exc}"
    with services.scope(tenant, actor=RECOVERY_ACTOR) as scope:
        runs.finish_run(
            scope,
            run_id,
            status="error" if failed else "done",
            output=outcome.as_json(),
            error="; ".join(str(o.get("message")) for o in failed) or outcome.error,
        )
    outcome.status = "error" if failed else "done"
    return outcome


def _carry_out_one(
    services: Services, context: Context, thread_id: str, row: Approval
) -> ActionOutcome:
    """One stranded action; an unexpected error is recorded as failed, not retried forever."""
    action = _action(row)
    try:
        return carry_out(services, context, thread_id, action, list(row.reasons))
    except Exception as exc:
        log.exception("thread %s: action %s failed in recovery", thread_id, row.action_id)
        message = f"{type(exc).__name__}: {exc}"
        with services.scope(context.tenant_id, actor=RECOVERY_ACTOR) as scope:
            approvals.audit(
                scope,
                "failed",
                approval=scope.session.get(Approval, row.id),
                detail={"tool": row.tool, "message": message, "duplicate": False},
            )
        return ActionOutcome(action=action, status="failed", reasons=[], message=message)


def _action(row: Approval) -> PendingAction:
    decision = Decision.from_row(row)
    args = decision.args if decision.type == "edit" and decision.args is not None else row.args
    return PendingAction(
        action_id=row.action_id,
        department=cast(DepartmentName, row.agent),
        tool=row.tool,
        args=dict(args),
        summary=row.summary,
        facts={},
    )
