"""Answer a thread's pending approval and resume its run (shared by the CLI and server).

The order is what makes it exactly-once:
1. take the thread's lock (``adapters.thread_locks``: a second resumer of the same
   thread fails at once with a conflict; a crashed holder releases it);
2. record the decision in the approvals table (a conditional update plus audit row in
   one transaction; deciding an already decided approval is a conflict);
3. resume the graph with every recorded decision. If a previous resumer crashed after
   step 2, the recorded decision is replayed; the executor's outbox key makes sure an
   action that already happened is not repeated. If it crashed after the run had moved
   past the interrupt (e.g. right after the send, before the next checkpoint), no
   interrupt is left: the run's due steps are finished instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command

from adapters.services import Services
from adapters.thread_locks import thread_lock
from domain import approvals
from domain.approvals import Decision
from domain.errors import ConflictError, DomainError, InvalidArgumentError, NotFoundError
from domain.models import Approval
from domain.scope import Scope
from graphs.context import Context
from nodes.approval import checked_edit
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
) -> RunOutcome:
    """Apply ``decision`` to the thread's waiting actions (or one) and resume the run.

    Raises:
        NothingToResumeError: nothing on the thread waits for a decision.
        NotFoundError: no such thread or action for this tenant.
        ConflictError: already decided differently, or another process is resuming.
        InvalidArgumentError: an edit with bad or denied arguments.
    """
    config: dict[str, Any] = {"configurable": {"thread_id": thread_id}}
    with thread_lock(services.engine, thread_id):
        finished = _finish_stopped_run(
            services,
            graph,
            config,
            context=context,
            decision=decision,
            action_id=action_id,
            on_progress=on_progress,
        )
        if finished is not None:
            return finished
        action_ids = waiting_action_ids(graph, config, thread_id)
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


def _finish_stopped_run(
    services: Services,
    graph: CompiledStateGraph[Any, Any, Any, Any],
    config: dict[str, Any],
    *,
    context: Context,
    decision: Decision,
    action_id: str | None,
    on_progress: Callable[[Progress], None] | None,
) -> RunOutcome | None:
    """Finish a run whose process died between checkpoints (no interrupt, steps still due).

    The run's decided actions must agree with ``decision`` (ConflictError otherwise);
    any still pending get it recorded. Re-running the due steps is safe: an action
    already in the outbox is not repeated. None when the thread is not in that state,
    or when the finished steps stop at an interrupt again (answered as usual then).
    """
    state = graph.get_state(config)  # type: ignore[arg-type]
    if state.interrupts or not state.next:
        return None
    thread_id = str(config["configurable"]["thread_id"])
    awaiting = [
        a
        for a, outcome in state.values.get("actions", {}).items()
        if outcome["status"] == "awaiting_approval" and action_id in (None, a)
    ]
    with services.scope(context.tenant_id, actor=context.actor, caller=context.caller) as scope:
        for row in _rows(scope, thread_id, awaiting):
            _apply(scope, row, decision)
    outcome = recorded_execute(
        services,
        graph,
        None,
        thread_id=thread_id,
        context=context,
        kind="resume",
        run_input={"recovered": True},
        on_progress=on_progress,
    )
    return None if outcome.status == "interrupted" else outcome


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


def _apply(scope: Scope, row: Approval, decision: Decision) -> None:
    if row.status != "pending":
        earlier = Decision.from_row(row)
        if earlier.type != decision.type:
            raise ConflictError(
                f"action {row.action_id} was already decided: {earlier.type} by "
                f"{row.decided_by} at {row.decided_at:%Y-%m-%d %H:%M:%S}"
            )
        return  # the same decision again: a replay after a crash, resume below
    if decision.type == "edit":
        decision = checked_edit(scope, row.agent, row.tool, decision)
    approvals.decide(scope, row.id, decision)


def _agents(values: dict[str, Any]) -> list[str]:
    return list(values.get("route", {}).get("agents", []))
