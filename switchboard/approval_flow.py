"""Answer a thread's pending approval and resume its run (shared by the CLI and server).

The order is what makes it exactly-once:
1. take the thread's lock (``adapters.thread_locks``: a second resumer of the same
   thread fails at once with a conflict; a crashed holder releases it);
2. record the decision in the approvals table (a conditional update plus audit row in
   one transaction; deciding an already decided approval is a conflict);
3. resume the graph with every recorded decision; the executor's outbox key makes sure
   an action that already happened is not repeated.

Before step 2, whatever a dead process left on the thread is finished
(``switchboard.recovery``): decisions recorded but never resumed, or steps left due
after the interrupt. Giving the same decision again then answers with that recovery run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command

from adapters.kill_points import pause_at
from adapters.services import Services
from adapters.thread_locks import thread_lock
from domain import approvals
from domain.approvals import Decision
from domain.errors import ConflictError, DomainError, InvalidArgumentError, NotFoundError
from domain.models import Approval
from domain.scope import Scope
from graphs.context import Context
from nodes.approval import checked_edit, edit_args
from switchboard.recovery import Recovery, recover_thread
from switchboard.runs import Progress, RunOutcome, recorded_execute


class NothingToResumeError(DomainError):
    """The thread has no interrupt waiting for a decision."""


def answer_thread(
    services: Services,
    graph: CompiledStateGraph[Any, Any, Any, Any],
    *,
    context: Context,
    thread_id: str,
    decision: Decision,
    action_id: str | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    resume_with: Callable[[Command[Any], dict[str, Any]], RunOutcome] | None = None,
) -> RunOutcome:
    """Apply ``decision`` to the thread's waiting actions (or one) and resume the run.

    ``resume_with(command, run_input)``, when given, resumes instead (still under the
    thread's lock): the server with queue workers records a queued run there.

    Raises:
        NothingToResumeError: nothing on the thread waits for a decision.
        NotFoundError: no such thread or action for this tenant.
        ConflictError: already decided differently, or another process is resuming.
        InvalidArgumentError: an edit with bad or denied arguments.
    """
    config: dict[str, Any] = {"configurable": {"thread_id": thread_id}}
    with thread_lock(services.engine, thread_id):
        recovered = recover_thread(
            services, graph, thread_id, tenant_id=context.tenant_id, on_progress=on_progress
        )
        if recovered is not None:
            answered = _answered_by_recovery(services, context, recovered, decision, action_id)
            if answered is not None:
                return answered
        try:
            action_ids = waiting_action_ids(graph, config, thread_id)
        except NothingToResumeError:
            with services.scope(
                context.tenant_id, actor=context.actor, caller=context.caller
            ) as scope:
                _refuse_late_change(scope, thread_id, action_id, decision)
            raise
        with services.scope(context.tenant_id, actor=context.actor, caller=context.caller) as scope:
            rows = _rows(scope, thread_id, action_ids)
            targets = [r for r in rows if action_id in (None, r.action_id)]
            if not targets:
                raise NotFoundError("action", action_id, argument="action")
            waiting = [r for r in targets if r.status == "pending"]
            if action_id is None and waiting:
                targets = waiting  # "approve the rest": decided ones keep their decision
            if decision.type == "edit" and action_id is None and len(waiting) > 1:
                ids = ", ".join(r.action_id for r in waiting)
                raise InvalidArgumentError(
                    "action", f"an edit applies to one action; choose one with --action ({ids})"
                )
            for row in targets:
                _apply(scope, row, decision)
        with services.scope(context.tenant_id, actor=context.actor, caller=context.caller) as scope:
            rows = _rows(scope, thread_id, action_ids)
            if any(r.status == "pending" for r in rows):
                state = graph.get_state(config)  # type: ignore[arg-type]
                return RunOutcome(
                    thread_id,
                    "interrupted",
                    _agents(state.values),
                    state.values.get("answer", ""),
                    [i.value for i in state.interrupts],
                )
            resume = {"decisions": [Decision.from_row(r).as_hitl(r.tool) for r in rows]}
        pause_at(services.settings, "decided", thread_id)
        if resume_with is not None:
            return resume_with(Command(resume=resume), {"decisions": resume["decisions"]})
        return recorded_execute(
            services,
            graph,
            Command(resume=resume),
            thread_id=thread_id,
            context=context,
            kind="resume",
            run_input={"decisions": resume["decisions"]},
            on_progress=on_progress,
        )


def _answered_by_recovery(
    services: Services,
    context: Context,
    recovered: Recovery,
    decision: Decision,
    action_id: str | None,
) -> RunOutcome | None:
    """The recovery's outcome when it carried out the very decision being given again.

    A process died between this thread's decision and its action; recovery has just
    finished the job. Giving the same decision again is answered with that run; a
    different one is a conflict (the first decision stands). None when the recovery
    touched none of these actions or stopped at a new interrupt (answered as usual).
    """
    outcome = recovered.outcome
    if outcome is None or outcome.status == "interrupted":
        return None
    targets = [a for a in recovered.action_ids if action_id in (None, a)]
    if not targets:
        return None
    with services.scope(context.tenant_id, actor=context.actor, caller=context.caller) as scope:
        for row in _rows(scope, recovered.thread_id, targets):
            if row.status != "pending":
                note = f"; recovery run {outcome.run_id} carried it out"
                _apply(scope, row, decision, may_change=False, note=note)
    return outcome


def _refuse_late_change(
    scope: Scope, thread_id: str, action_id: str | None, decision: Decision
) -> None:
    """A second, different edit of an action whose run has moved on is a conflict.

    Raises:
        ConflictError: naming the earlier decision (an edit with its arguments).
    """
    for row in approvals.for_thread(scope, thread_id):
        if row.status == "pending" or action_id not in (None, row.action_id):
            continue
        earlier = Decision.from_row(row)
        if earlier.type == decision.type == "edit" and edit_args(row.tool, decision) != (
            earlier.args
        ):
            raise ConflictError(
                f"{approvals.describe(row)}; its run has moved on, so this {decision.type} "
                "cannot apply"
            )


def waiting_action_ids(
    graph: CompiledStateGraph[Any, Any, Any, Any], config: dict[str, Any], thread_id: str
) -> list[str]:
    """The action ids of the thread's pending interrupt."""
    state = graph.get_state(config)  # type: ignore[arg-type]
    for pending in state.interrupts:
        value = pending.value
        if isinstance(value, dict) and value.get("action_ids"):
            return [str(a) for a in value["action_ids"]]
    raise NothingToResumeError(f"thread {thread_id} has no action waiting for approval")


def _rows(scope: Scope, thread_id: str, action_ids: list[str]) -> list[Approval]:
    rows = [approvals.get(scope, thread_id, a) for a in action_ids]
    if any(r is None for r in rows):
        raise NotFoundError("thread", thread_id, argument="thread")
    return [r for r in rows if r is not None]


def _apply(
    scope: Scope, row: Approval, decision: Decision, *, may_change: bool = True, note: str = ""
) -> None:
    """Record ``decision`` on ``row``, or accept it as a replay of the same decision.

    A second, different edit of an action replaces the first while nothing has run and
    the run still waits at the approval (``may_change``), after passing the policy like
    the first; otherwise it is a ConflictError naming the first edit, never ignored.
    """
    if row.status != "pending":
        earlier = Decision.from_row(row)
        if earlier.type != decision.type:
            raise ConflictError(
                f"action {row.action_id} was already decided: {earlier.type} by "
                f"{row.decided_by} at {row.decided_at:%Y-%m-%d %H:%M:%S}{note}"
            )
        if decision.type != "edit":
            return  # the same decision again: a replay after a crash, resume below
        if edit_args(row.tool, decision) == earlier.args:
            return  # the same edit again: a replay
        if not may_change:
            raise ConflictError(
                f"{approvals.describe(row)}; its run already took that edit, so it cannot "
                f"be edited again{note}"
            )
        approvals.change_edit(
            scope, row, checked_edit(scope, row.agent, row.tool, decision, action=row)
        )
        return
    if decision.type == "edit":
        decision = checked_edit(scope, row.agent, row.tool, decision, action=row)
    approvals.decide(scope, row.id, decision)


def _agents(values: dict[str, Any]) -> list[str]:
    return list(values.get("route", {}).get("agents", []))
