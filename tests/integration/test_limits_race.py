"""Cumulative limits hold when two runs race, on SQLite and Postgres.

Two runs on two threads of one tenant go through the real supervisor graph at once.
Both are started with ``test_pause_at="before_execute"`` (``adapters.kill_points``):
each reviews its action, then sleeps before executing it, so both reviews happen
before either action does — the interleaving that let two $400 refunds of one
$1,250 order (or two refunds of one customer in a day, or an email past the daily
outreach cap) both run without a human. Each test first checks that both reviews
really did allow their action (the race happened), then that the executor, deciding
again under the limit lock, let only one through: the other goes to a human (approval
rules) or is denied (the outreach cap).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph.state import CompiledStateGraph
from sqlalchemy import select

from adapters.services import Services, build_services
from domain.approvals import Decision
from domain.demo import anchors
from domain.models import AgentConfig, Approval, AuditEvent, Order, OutboxMessage, Refund
from domain.policy.facts_outreach import emails_sent_today
from graphs.context import Context
from graphs.supervisor import compile_supervisor
from switchboard.approval_flow import answer_thread
from switchboard.runs import RunOutcome, execute
from switchboard.settings import Settings
from tests.fakes import scripted, tool_call

ABOVE = anchors.ORDER_ABOVE_REFUND_THRESHOLD  # $1,250.00
BELOW = anchors.ORDER_BELOW_REFUND_THRESHOLD  # $349.00, bought by anchors.ORDER_BUYER_EMAIL
CONTEXT = Context(tenant_id=anchors.TENANT_ID, actor="ops@northwind.example")
PAUSE_SECONDS = "4"
"""How long each run sleeps between its review and its execution (both reviews fit)."""

Graph = CompiledStateGraph[Any, Any, Any, Any]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, fresh_demo_url: str) -> str:
    if request.param == "sqlite":
        return fresh_demo_url
    url: str = request.getfixturevalue("postgres_url")
    return url


class Racers:
    """Services and graphs on one database: paused racers and an unpaused approver."""

    def __init__(self, url: str, data_dir: Path) -> None:
        self.url, self.data_dir = url, data_dir
        self.saver = InMemorySaver()  # shared, so the approver resumes a racer's thread
        self.built: list[Services] = []
        self.services, self.graph = self.build(paused=False)

    def build(self, *, paused: bool, model: BaseChatModel | None = None) -> tuple[Services, Graph]:
        extra: dict[str, Any] = (
            {"test_pause_at": "before_execute", "test_pause_seconds": PAUSE_SECONDS}
            if paused
            else {}
        )
        settings = Settings(database_url=self.url, data_dir=self.data_dir, **extra)
        services = build_services(settings, model=model)
        self.built.append(services)
        return services, compile_supervisor(services, checkpointer=self.saver)

    def race(self, runs: list[tuple[Graph, str]]) -> dict[str, RunOutcome]:
        """Start every ``(graph, text)`` at once on its own new thread; their outcomes."""
        threads = [f"race-{uuid.uuid4().hex[:10]}" for _ in runs]
        with ThreadPoolExecutor(len(runs)) as pool:
            futures = [
                pool.submit(
                    execute,
                    graph,
                    {"messages": [HumanMessage(text)]},
                    thread_id=thread,
                    context=CONTEXT,
                )
                for thread, (graph, text) in zip(threads, runs, strict=True)
            ]
            outcomes = [f.result(timeout=180) for f in futures]
        return dict(zip(threads, outcomes, strict=True))

    def rows(self, model: Any, *where: Any) -> list[Any]:
        with self.services.scope(anchors.TENANT_ID) as scope:
            return list(scope.session.scalars(select(model).where(*where).order_by(model.id)))

    def audit(self, thread: str) -> list[str]:
        return [e.event for e in self.rows(AuditEvent, AuditEvent.thread_id == thread)]

    def refunds(self, number: str) -> list[Decimal]:
        with self.services.scope(anchors.TENANT_ID) as scope:
            query = (
                select(Refund.amount)
                .join(Order, Order.id == Refund.order_id)
                .where(Order.number == number)
                .order_by(Refund.id)
            )
            return list(scope.session.scalars(query))

    def configure(self, agent: str, **values: Any) -> None:
        with self.services.scope(anchors.TENANT_ID) as scope:
            row = scope.session.scalars(
                select(AgentConfig).where(
                    AgentConfig.tenant_id == anchors.TENANT_ID, AgentConfig.agent == agent
                )
            ).one()
            for name, value in values.items():
                setattr(row, name, value)

    def close(self) -> None:
        for services in self.built:
            services.engine.dispose()


@pytest.fixture
def racers(database_url: str, tmp_path: Path) -> Iterator[Racers]:
    made = Racers(database_url, tmp_path / "data")
    yield made
    made.close()


def both_reviews_allowed(racers: Racers, outcomes: dict[str, RunOutcome]) -> None:
    """The race happened: each run's review allowed its action before either ran."""
    for thread in outcomes:
        assert racers.audit(thread)[0] == "allowed", (
            f"thread {thread} was not allowed at review ({racers.audit(thread)}): the two "
            "runs did not overlap, so this test did not race"
        )


def split(outcomes: dict[str, RunOutcome]) -> tuple[str, str]:
    """(the thread that ran, the thread that waits for a human)."""
    by_status = {o.status: t for t, o in outcomes.items()}
    assert sorted(o.status for o in outcomes.values()) == ["done", "interrupted"], outcomes
    return by_status["done"], by_status["interrupted"]


def escalated(racers: Racers, thread: str, rule: str) -> Approval:
    """The waiting thread's refund was asked of a human at execution, for ``rule``."""
    assert racers.audit(thread) == ["allowed", "requested", "escalated"]
    [row] = racers.rows(Approval, Approval.thread_id == thread)
    assert (row.tool, row.status) == ("process_refund", "pending")
    assert rule in [r["rule"] for r in row.reasons]
    return row


def approve(racers: Racers, thread: str) -> RunOutcome:
    return answer_thread(
        racers.services,
        racers.graph,
        context=CONTEXT,
        thread_id=thread,
        decision=Decision(type="approve"),
    )


def test_two_refunds_of_one_order_cannot_both_run_without_a_human(racers: Racers) -> None:
    racers.configure("support", autonomy_mode="full_auto")
    text = f"Hi, please refund $400 for order {ABOVE}, I can't come"
    _, first = racers.build(paused=True)
    _, second = racers.build(paused=True)

    outcomes = racers.race([(first, text), (second, text)])

    both_reviews_allowed(racers, outcomes)
    done, waiting = split(outcomes)
    assert racers.refunds(ABOVE) == [Decimal("400.00")]
    assert racers.audit(done) == ["allowed", "executed"]
    row = escalated(racers, waiting, "order_refunds_over_limit")
    assert "the order total is $800.00" in " ".join(r["message"] for r in row.reasons)
    [request] = outcomes[waiting].interrupts
    assert request["action_ids"] == [row.action_id]

    # A human approves it: only the deny rules apply now ($800 of $1,250 is refundable).
    resumed = approve(racers, waiting)
    assert resumed.status == "done"
    assert resumed.answer.endswith(
        f"- process_refund (support): done [order_number {ABOVE}, amount $400.00]"
    )
    assert resumed.answer.count("Actions:") == 1
    assert racers.refunds(ABOVE) == [Decimal("400.00"), Decimal("400.00")]
    assert racers.audit(waiting)[-2:] == ["approved", "executed"]


def test_one_customers_refunds_on_two_orders_race_to_a_human(racers: Racers) -> None:
    racers.configure("support", autonomy_mode="full_auto")
    with racers.services.scope(anchors.TENANT_ID) as scope:  # Maya buys the second order too
        order = scope.session.scalars(select(Order).where(Order.number == ABOVE)).one()
        order.buyer_email = anchors.ORDER_BUYER_EMAIL
    _, first = racers.build(paused=True)
    _, second = racers.build(paused=True)

    outcomes = racers.race(
        [
            (first, f"Hi, please refund $300 for order {BELOW}, I can't come"),
            (second, f"Hi, please refund $300 for order {ABOVE}, I can't come"),
        ]
    )

    both_reviews_allowed(racers, outcomes)
    _, waiting = split(outcomes)
    assert sorted(racers.refunds(BELOW) + racers.refunds(ABOVE)) == [Decimal("300.00")]
    row = escalated(racers, waiting, "customer_daily_refunds_over_limit")
    assert "the customer's total today is $600.00" in " ".join(r["message"] for r in row.reasons)


def emailing(to: str) -> BaseChatModel:
    """The sales agent as a scripted model: one email, then a sentence."""
    call = tool_call(
        "send_email", {"to": to, "subject": "Sponsorship", "body": "Hello, shall we talk?"}, "c1"
    )
    return scripted([call, "I have emailed them.", "Done.", "Done."])


def test_the_daily_outreach_cap_holds_between_racing_runs(racers: Racers) -> None:
    with racers.services.scope(anchors.TENANT_ID) as scope:
        sent = emails_sent_today(scope, "sales")
    racers.configure("sales", autonomy_mode="full_auto", max_daily_outreach=sent + 1)
    # Worded so the router is sure (no fallback call to the scripted model) for both names.
    text = "Send a sales outreach email to {name} at Newco about our sponsorship packages"
    _, first = racers.build(paused=True, model=emailing("pat.one@newco.example"))
    _, second = racers.build(paused=True, model=emailing("sam.two@newco.example"))

    outcomes = racers.race([(first, text.format(name="Pat")), (second, text.format(name="Sam"))])

    both_reviews_allowed(racers, outcomes)
    assert [o.status for o in outcomes.values()] == ["done", "done"]
    sends = racers.rows(
        OutboxMessage,
        OutboxMessage.kind == "email",
        OutboxMessage.status == "recorded",
        OutboxMessage.idempotency_key.like("race-%"),
    )
    assert len(sends) == 1
    [stopped] = [t for t in outcomes if not sends[0].idempotency_key.startswith(t)]
    assert racers.audit(stopped) == ["allowed", "denied"]
    [denial] = [e for e in racers.rows(AuditEvent, AuditEvent.thread_id == stopped)][1:]
    assert [r["rule"] for r in denial.detail["reasons"]] == ["daily_outreach_cap"]
    assert "- send_email (sales): denied: The sales agent already sent" in outcomes[stopped].answer


def test_an_allowed_action_beside_a_waiting_one_is_answered_once(racers: Racers) -> None:
    """One email runs at once, the other waits for a human: one answer after the approval."""
    racers.configure("sales", autonomy_mode="full_auto")
    plain = {"to": "pat.one@newco.example", "subject": "Hello", "body": "Shall we talk?"}
    legal = {
        "to": "sam.two@newco.example",
        "subject": "Contract",
        "body": "Please send the redlines for legal review before we sign.",
    }
    calls = AIMessage(
        "",
        tool_calls=[
            {"name": "send_email", "args": plain, "id": "c1"},
            {"name": "send_email", "args": legal, "id": "c2"},
        ],
    )
    _, graph = racers.build(paused=False, model=scripted([calls, "Sent.", "Done.", "Done."]))
    text = "Email Pat at Newco about our sponsorship packages"
    [(thread, first)] = racers.race([(graph, text)]).items()

    assert first.status == "interrupted"
    statuses = {
        o["action"]["args"]["to"]: o["status"]
        for o in racers.graph.get_state({"configurable": {"thread_id": thread}})
        .values["actions"]
        .values()
    }
    assert statuses == {plain["to"]: "executed", legal["to"]: "awaiting_approval"}

    resumed = approve(racers, thread)

    assert resumed.status == "done"
    assert resumed.answer.count("Actions:") == 1
    assert resumed.answer.count("- send_email (sales): done") == 2
