"""Recovery in process: approved actions the graph no longer holds are carried out once.

This is the state the original bug left behind: a process died after the approval, a
new message reached the thread before anything recovered it, and LangGraph dropped the
due steps. The approvals table still says a human allowed the actions.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import select

from adapters.services import Services
from adapters.thread_locks import thread_lock
from domain import approvals, queued_runs
from domain.approvals import Decision
from domain.db import transaction
from domain.demo import anchors
from domain.models import Approval, Order, OutboxMessage, Refund, RunRecord
from graphs.context import Context
from graphs.supervisor import compile_supervisor
from switchboard.recovery import recover_all, recover_thread
from switchboard.recovery_status import recovering_threads
from switchboard.runs import execute, recorded_execute

ABOVE = anchors.ORDER_ABOVE_REFUND_THRESHOLD
CONTEXT = Context(tenant_id=anchors.TENANT_ID, actor="reviewer@northwind.example")
FOLLOW_UP = "Which sponsors have not paid their invoices?"


def refunds(services: Services) -> list[Decimal]:
    with services.scope(anchors.TENANT_ID) as scope:
        query = (
            select(Refund.amount)
            .join(Order, Order.id == Refund.order_id)
            .where(Order.number == ABOVE)
        )
        return list(scope.session.scalars(query))


def recovering(services: Services) -> set[str]:
    with transaction(services.sessions) as session:
        return recovering_threads(services, session)


def test_actions_a_new_message_dropped_are_carried_out_once(
    make_services: Callable[[Any], Services],
) -> None:
    services = make_services(None)
    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    thread = "stranded"
    first = recorded_execute(
        services,
        graph,
        {"messages": [HumanMessage(f"Hi, I want a refund for order {ABOVE}, I can't come")]},
        thread_id=thread,
        context=CONTEXT,
        kind="run",
        run_input={},
    )
    assert first.status == "interrupted"
    with services.scope(anchors.TENANT_ID, actor="crashed-resumer") as scope:
        rows = approvals.for_thread(scope, thread)
        for row in rows:
            approvals.decide(scope, row.id, Decision(type="approve"))
    assert len(rows) == 2
    # What the old code did next: new input over the waiting approval, without recovery.
    dropped = execute(
        graph, {"messages": [HumanMessage(FOLLOW_UP)]}, thread_id=thread, context=CONTEXT
    )
    assert dropped.status == "done"
    assert refunds(services) == []
    assert recovering(services) == {thread}

    with thread_lock(services.engine, thread):
        assert recovering(services) == set()  # a live holder is not "recovering"
        recovery = recover_thread(services, graph, thread, tenant_id="someone-else")
        assert recovery is None  # another tenant's thread is left alone
        recovery = recover_thread(services, graph, thread, tenant_id=anchors.TENANT_ID)

    assert recovery is not None
    assert recovery.how == "carried_out"
    assert sorted(recovery.action_ids) == sorted(r.action_id for r in rows)
    assert recovery.outcome is not None and recovery.outcome.status == "done"
    assert "- process_refund (support): done" in recovery.outcome.answer
    assert refunds(services) == [Decimal("1250.00")]
    with services.scope(anchors.TENANT_ID) as scope:
        executed = scope.session.scalars(
            select(Approval.executed_at).where(Approval.thread_id == thread)
        ).all()
        outbox = scope.session.scalars(
            select(OutboxMessage.status).where(OutboxMessage.idempotency_key.like(f"{thread}:%"))
        ).all()
        run = scope.session.get(RunRecord, recovery.outcome.run_id)
        assert run is not None
        assert (run.kind, run.status, run.actor) == ("recover", "done", "recovery")
    assert all(executed) and len(executed) == 2
    assert sorted(outbox) == ["recorded", "recorded"]
    state = graph.get_state({"configurable": {"thread_id": thread}})
    assert state.values["messages"][-1].content.startswith("Recovered after a restart:")
    assert recovering(services) == set()
    with thread_lock(services.engine, thread):
        assert recover_thread(services, graph, thread) is None  # nothing twice
    assert refunds(services) == [Decimal("1250.00")]


def test_the_sweep_leaves_a_thread_whose_resume_is_queued_to_its_worker(
    make_services: Callable[[Any], Services],
) -> None:
    """Decided, not yet executed, because the resume waits on the queue: not recovered."""
    services = make_services(None)
    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    thread = "resume-queued"
    first = recorded_execute(
        services,
        graph,
        {"messages": [HumanMessage(f"Hi, I want a refund for order {ABOVE}, I can't come")]},
        thread_id=thread,
        context=CONTEXT,
        kind="run",
        run_input={},
    )
    assert first.status == "interrupted"
    with services.scope(anchors.TENANT_ID, actor=CONTEXT.actor) as scope:
        for row in approvals.for_thread(scope, thread):
            approvals.decide(scope, row.id, Decision(type="approve"))
        queued_runs.queue_run(
            scope, run_id="queued-resume", thread_id=thread, kind="resume", run_input={}
        )

    assert recover_all(services, graph) == []
    assert refunds(services) == []  # the worker that takes the resume carries it out

    with services.scope(anchors.TENANT_ID, actor=CONTEXT.actor) as scope:
        assert queued_runs.cancel_queued(scope, "queued-resume")
    (recovery,) = recover_all(services, graph)  # no longer the queue's: recovered here
    assert recovery.how == "resumed_decisions"
    assert refunds(services) == [Decimal("1250.00")]
