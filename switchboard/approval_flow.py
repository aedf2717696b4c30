"""Answer a thread's pending approval and resume its run (shared by the CLI and server).

The order is what makes it exactly-once:
1. take the thread's lock (a Postgres advisory lock: a second resumer of the same thread
   fails at once with a conflict; a crashed holder releases it with its connection);
2. record the decision in the approvals table (a conditional update plus audit row in
   one transaction; deciding an already decided approval is a conflict);
3. resume the graph with every recorded decision. If a previous resumer crashed after
   step 2, the recorded decision is replayed; the executor's outbox key makes sure an
   action that already happened is not repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command
from sqlalchemy import text

from adapters.services import Services
from domain import approvals, policy
from domain.approvals import Decision
from domain.errors import ConflictError, DomainError, InvalidArgumentError, NotFoundError
from domain.models import Approval
from domain.scope import Scope
from graphs.context import Context
from switchboard.runs import Progress, RunOutcome, execute
from tools.registry import get_tool, parse_args


class NothingToResumeError(DomainError):
    """The thread has no interrupt waiting for a decision."""


@contextmanager
def thread_lock(services: Services, thread_id: str) -> Iterator[None]:
    """Hold the thread's resume lock for the block (Postgres); a no-op on SQLite."""
    engine = services.engine
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        key = f"switchboard-resume:{thread_id}"
        got = conn.execute(text("select pg_try_advisory_lock(hashtext(:k))"), {"k": key})
        if not got.scalar():
            raise ConflictError(f"thread {thread_id} is being resumed by another process")
        try:
            yield
        finally:
            conn.execute(text("select pg_advisory_unlock(hashtext(:k))"), {"k": key})
            conn.commit()


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
        ToolArgumentError / InvalidArgumentError: an edit with bad or denied arguments.
    """
    config: dict[str, Any] = {"configurable": {"thread_id": thread_id}}
    with thread_lock(services, thread_id):
        action_ids = waiting_action_ids(graph, config, thread_id)
        with services.scope(context.tenant_id, actor=context.actor) as scope:
            rows = _rows(scope, thread_id, action_ids)
            targets = [r for r in rows if action_id in (None, r.action_id)]
            if not targets:
                raise NotFoundError("action", action_id, argument="action")
            for row in targets:
                _apply(scope, row, decision)
        with services.scope(context.tenant_id, actor=context.actor) as scope:
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
        return execute(
            graph,
            Command(resume=resume),
            thread_id=thread_id,
            context=context,
            on_progress=on_progress,
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


def _apply(scope: Scope, row: Approval, decision: Decision) -> None:
    if row.status != "pending":
        earlier = Decision.from_row(row)
        if earlier.type != decision.type:
            raise ConflictError(
                f"action {row.action_id} was already decided: {earlier.type} by "
                f"{row.decided_by} at {row.decided_at:%Y-%m-%d %H:%M:%S}"
            )
        return  # the same decision again: a replay after a crash, resume below
    approvals.decide(scope, row.id, _checked(scope, row, decision))


def _checked(scope: Scope, row: Approval, decision: Decision) -> Decision:
    """An edit's arguments must be valid for the tool and not denied by the policy."""
    if decision.type != "edit":
        return decision
    if decision.args is None:
        raise InvalidArgumentError("args", "an edit needs the new arguments as JSON")
    spec = get_tool(row.tool)
    args = parse_args(spec, decision.args).model_dump(mode="json", exclude_none=True)
    verdict = policy.decide(
        scope, agent=row.agent, tool=row.tool, effect=spec.effect.value, args=args
    )
    if verdict.outcome == policy.Outcome.DENY:
        reasons = "; ".join(r.message for r in verdict.reasons)
        raise InvalidArgumentError("args", f"the edited action is denied: {reasons}")
    return Decision(type="edit", args=args, message=decision.message)


def _agents(values: dict[str, Any]) -> list[str]:
    return list(values.get("route", {}).get("agents", []))
