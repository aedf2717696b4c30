"""The policy at execution time: verdicts, limit subjects and the lock itself."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import Engine, select, text

from adapters.services import Services, build_services
from domain.db import make_engine, session_factory, tenant_transaction
from domain.demo import anchors
from domain.models import AgentConfig, Order
from domain.policy.execution import check_at_execution
from domain.policy.limit_locks import hold_limit_lock, limit_subject
from domain.scope import Scope
from nodes.execution_check import settle
from switchboard.settings import Settings
from tests.conftest import SNAPSHOT
from tests.integration.test_policy_evasion import ABOVE, BELOW, refunded

ACTION = ("thread-x", "action-x")


def full_auto(scope: Scope) -> None:
    row = scope.session.scalars(select(AgentConfig).where(AgentConfig.agent == "support")).one()
    row.autonomy_mode = "full_auto"
    scope.session.flush()


def check(scope: Scope, amount: str, *, human: bool, number: str = ABOVE) -> Any:
    return check_at_execution(
        scope,
        agent="support",
        tool="process_refund",
        effect="external",
        args={"order_number": number, "amount": amount},
        human_approved=human,
        action=ACTION,
    )


def test_an_allowed_refund_pushed_over_the_order_limit_goes_to_a_human(scope: Scope) -> None:
    full_auto(scope)
    assert check(scope, "400.00", human=False).verdict == "run"
    refunded(scope, ABOVE, "400.00")  # another run's refund committed meanwhile

    late = check(scope, "400.00", human=False)

    assert late.verdict == "needs_approval"
    assert [r["rule"] for r in late.reasons()] == ["order_refunds_over_limit"]
    assert late.reasons(deny_only=True) == []
    assert check(scope, "400.00", human=True).verdict == "run"  # a human said yes to that


def test_a_deny_rule_stops_even_a_human_approved_refund(scope: Scope) -> None:
    full_auto(scope)
    refunded(scope, ABOVE, "400.00")

    for human in (False, True):
        late = check(scope, "900.00", human=human)
        assert late.verdict == "deny"
        assert [r["rule"] for r in late.reasons(deny_only=True)] == ["refund_exceeds_refundable"]


def test_one_customers_orders_share_a_subject_and_outreach_is_per_agent(scope: Scope) -> None:
    order = scope.session.scalars(select(Order).where(Order.number == ABOVE)).one()
    order.buyer_email = anchors.ORDER_BUYER_EMAIL.upper().replace("@", "+second@")
    scope.session.flush()

    def subject(tool: str, agent: str = "support", **args: Any) -> str:
        return limit_subject(scope, tool=tool, agent=agent, args=args)

    assert subject("process_refund", order_number=ABOVE) == subject(
        "process_refund", order_number=BELOW.lower()
    )
    assert subject("process_refund", order_number=BELOW) == (f"refunds:{anchors.ORDER_BUYER_EMAIL}")
    assert subject("send_email", "sales") == subject("schedule_meeting", "sales")
    assert subject("send_email", "sales") != subject("send_email", "marketing")
    assert subject("process_refund", order_number="ORD-NOPE") == "refunds:order:ORD-NOPE"


@pytest.mark.postgres
def test_the_limit_lock_holds_until_the_transaction_ends(postgres_url: str) -> None:
    services: Services = build_services(Settings(database_url=postgres_url))
    engine: Engine = services.engine
    factory = session_factory(engine)
    args = {"order_number": ABOVE}
    taken, release = threading.Event(), threading.Event()

    def holder() -> None:
        with tenant_transaction(factory, anchors.TENANT_ID) as session:
            scope = Scope(session=session, tenant_id=anchors.TENANT_ID, today=SNAPSHOT)
            hold_limit_lock(scope, tool="process_refund", agent="support", args=args)
            taken.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert taken.wait(10)
        with tenant_transaction(factory, anchors.TENANT_ID) as session:
            scope = Scope(session=session, tenant_id=anchors.TENANT_ID, today=SNAPSHOT)
            key = f"switchboard-limit:{anchors.TENANT_ID}:" + limit_subject(
                scope, tool="process_refund", agent="support", args=args
            )
            probe = text("select pg_try_advisory_xact_lock(hashtextextended(:k, 0))")
            assert session.execute(probe, {"k": key}).scalar() is False
    finally:
        release.set()
        thread.join(10)
    with tenant_transaction(factory, anchors.TENANT_ID) as session:
        assert session.execute(probe, {"k": key}).scalar() is True
    engine.dispose()


def test_on_sqlite_a_second_executor_cannot_read_until_the_first_commits(
    fresh_demo_url: str,
) -> None:
    """BEGIN IMMEDIATE: the re-check of the second sees what the first committed."""
    engine = make_engine(fresh_demo_url)
    factory = session_factory(engine)
    order: list[str] = []

    def second() -> None:
        with tenant_transaction(factory, anchors.TENANT_ID) as session:
            session.execute(text("select 1"))
            order.append("second reads")

    with tenant_transaction(factory, anchors.TENANT_ID) as first:
        first.execute(text("select 1"))
        waiting = threading.Thread(target=second)
        waiting.start()
        waiting.join(0.5)
        order.append("first commits")
    waiting.join(10)
    engine.dispose()
    assert order == ["first commits", "second reads"]


def outcome(status: str) -> dict[str, Any]:
    return {"action": {}, "status": status, "reasons": []}


@pytest.mark.parametrize(
    ("statuses", "goto"),
    [
        (["executed", "denied"], "respond"),
        (["executed", "awaiting_approval"], "approval_gate"),
        (["approved", "awaiting_approval"], "__end__"),  # its execute task settles again
        (["edited", "executed"], "__end__"),
        (["executed", "rejected"], "respond"),
    ],
)
def test_settle_answers_asks_again_or_waits(statuses: list[str], goto: str) -> None:
    state: Any = {"actions": {str(i): outcome(s) for i, s in enumerate(statuses)}}
    assert settle(state).goto == goto
