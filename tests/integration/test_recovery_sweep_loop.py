"""The server's sweep loop on SQLite, in process: the timer, not the start, finishes a thread.

A thread waits at its approval; the decision is recorded in the approvals table and the
graph is never resumed (what a process killed at ``decided`` leaves). The loop started
with no start-up sweep and a short interval finishes it once; with no interval nothing
happens; a second sweeper of the same process skips the round while the first holds
the claim.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import func, select

from adapters.services import Services
from adapters.thread_locks import sweep_claim
from domain import approvals
from domain.approvals import Decision
from domain.demo import anchors
from domain.models import Order, Refund, RunRecord
from graphs.context import Context
from graphs.supervisor import compile_supervisor
from switchboard.recovery_sweep import sweep_forever, sweep_once
from switchboard.runs import recorded_execute

ABOVE = anchors.ORDER_ABOVE_REFUND_THRESHOLD
CONTEXT = Context(tenant_id=anchors.TENANT_ID, actor="reviewer@northwind.example")


def decided_not_resumed(services: Services, graph: Any) -> str:
    """A thread whose approvals are decided in the table while the graph still waits."""
    thread = f"loop-{uuid.uuid4().hex[:10]}"
    text = f"Hi, I want a refund for order {ABOVE}, I can't come"
    first = recorded_execute(
        services,
        graph,
        {"messages": [HumanMessage(text)]},
        thread_id=thread,
        context=CONTEXT,
        kind="run",
        run_input={"text": text},
    )
    assert first.status == "interrupted"
    with services.scope(anchors.TENANT_ID, actor=CONTEXT.actor) as scope:
        for row in approvals.for_thread(scope, thread):
            approvals.decide(scope, row.id, Decision(type="approve"))
    return thread


def refunds(services: Services) -> list[Decimal]:
    with services.scope(anchors.TENANT_ID) as scope:
        query = select(Refund.amount).join(Order, Order.id == Refund.order_id)
        return list(scope.session.scalars(query.where(Order.number == ABOVE)))


def recover_runs(services: Services, thread: str) -> int:
    with services.scope(anchors.TENANT_ID) as scope:
        query = select(func.count()).where(RunRecord.thread_id == thread)
        return int(scope.session.scalar(query.where(RunRecord.kind == "recover")) or 0)


async def loop_for(services: Services, graph: Any, seconds: float, interval: float) -> None:
    stop, stopped = threading.Event(), asyncio.Event()
    task = asyncio.create_task(
        sweep_forever(
            services, graph, at_start=False, interval=interval, stop=stop, stopped=stopped
        )
    )
    await asyncio.sleep(seconds)
    stop.set()
    stopped.set()
    await asyncio.wait_for(task, timeout=60)


@pytest.fixture
def built(make_services: Callable[[BaseChatModel | None], Services]) -> tuple[Services, Any]:
    services = make_services(None)
    return services, compile_supervisor(services, checkpointer=InMemorySaver())


async def test_the_timer_finishes_a_decided_thread_once(built: tuple[Services, Any]) -> None:
    services, graph = built
    thread = await asyncio.to_thread(decided_not_resumed, services, graph)

    await loop_for(services, graph, seconds=1.0, interval=0)  # no timer: nothing happens
    assert (refunds(services), recover_runs(services, thread)) == ([], 0)

    await loop_for(services, graph, seconds=3.0, interval=0.3)  # several rounds

    assert refunds(services) == [Decimal("1250.00")]
    assert recover_runs(services, thread) == 1


def test_a_second_sweeper_skips_while_the_first_holds_the_claim(
    built: tuple[Services, Any],
) -> None:
    services, graph = built
    with sweep_claim(services.engine) as mine:
        assert mine is True
        assert sweep_once(services, graph) is None
    assert sweep_once(services, graph) == []
