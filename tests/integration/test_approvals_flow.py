"""The approval loop in process, on the in-memory and the Postgres checkpointer.

The supervisor runs on a fresh demo copy; every external action goes through policy
review, the approval gate's standard HITL interrupt, the human's decision (through
``answer_thread`` as the CLI and server use it) and the exactly-once executor.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command
from sqlalchemy import select

from adapters.checkpoints import open_checkpointer, setup_checkpointer
from adapters.services import Services
from domain.approvals import Decision
from domain.demo import anchors
from domain.errors import InvalidArgumentError
from domain.models import AgentConfig, Approval, AuditEvent, Feedback, Order, OutboxMessage, Refund
from graphs.context import Context
from graphs.supervisor import compile_supervisor
from switchboard.approval_flow import answer_thread
from switchboard.runs import RunOutcome, execute
from switchboard.settings import Settings
from tests.fakes import scripted, tool_call
from tests.services import scratch_postgres_database

BELOW = anchors.ORDER_BELOW_REFUND_THRESHOLD
ABOVE = anchors.ORDER_ABOVE_REFUND_THRESHOLD
REFUND_BELOW = f"Hi, I want a refund for order {BELOW}, I can't come anymore"
REFUND_ABOVE = f"Hi, I want a refund for order {ABOVE}, I can't come anymore"
ASSISTED = (
    "External actions need a human's approval in assisted mode ({tool} reaches someone "
    "outside); auto-approve is off"
)
DECISIONS = ["approve", "edit", "reject", "respond"]
REFUND_REASON = "Attendee request: full refund under the event policy"
CONTEXT = Context(tenant_id=anchors.TENANT_ID, actor="reviewer@northwind.example")

Graph = CompiledStateGraph[Any, Any, Any, Any]


@pytest.fixture(scope="module")
def postgres_checkpoint_url() -> Iterator[str]:
    """A scratch Postgres database with the checkpoint tables (as `db upgrade` makes them)."""
    with scratch_postgres_database("sb_hitl_ckpt") as url:
        setup_checkpointer(Settings(checkpoint_url=url))
        yield url


@pytest.fixture(params=["memory", pytest.param("postgres", marks=pytest.mark.postgres)])
def checkpointer(request: pytest.FixtureRequest) -> Iterator[BaseCheckpointSaver[Any]]:
    """The in-memory saver, and the production PostgresSaver over our own pool."""
    if request.param == "memory":
        yield InMemorySaver()
        return
    url = request.getfixturevalue("postgres_checkpoint_url")
    with open_checkpointer(Settings(checkpoint_url=url, data_dir=Path("unused"))) as saver:
        yield saver


@pytest.fixture
def build(
    make_services: Callable[[BaseChatModel | None], Services],
    checkpointer: BaseCheckpointSaver[Any],
) -> Callable[..., tuple[Services, Graph]]:
    """Services on a fresh demo copy and the supervisor on the parametrised checkpointer."""

    def make(model: BaseChatModel | None = None) -> tuple[Services, Graph]:
        services = make_services(model)  # None: the offline model
        return services, compile_supervisor(services, checkpointer=checkpointer)

    return make


def new_thread() -> str:
    """Unique per test: the Postgres checkpointer is shared by the module."""
    return f"hitl-{uuid.uuid4().hex[:12]}"


def start(graph: Graph, text: str, thread: str) -> RunOutcome:
    return execute(graph, {"messages": [HumanMessage(text)]}, thread_id=thread, context=CONTEXT)


def answer(services: Services, graph: Graph, thread: str, decision: Decision, **kw: Any) -> Any:
    return answer_thread(
        services, graph, context=CONTEXT, thread_id=thread, decision=decision, **kw
    )


def rows(services: Services, model: Any, *where: Any) -> list[Any]:
    with services.scope(anchors.TENANT_ID) as scope:
        return list(scope.session.scalars(select(model).where(*where).order_by(model.id)))


def refunds(services: Services, order_number: str) -> list[Decimal]:
    with services.scope(anchors.TENANT_ID) as scope:
        query = (
            select(Refund.amount)
            .join(Order, Order.id == Refund.order_id)
            .where(Order.number == order_number)
            .order_by(Refund.id)
        )
        return list(scope.session.scalars(query))


def outbox(services: Services, thread: str) -> list[tuple[str, str]]:
    found = rows(services, OutboxMessage, OutboxMessage.idempotency_key.like(f"{thread}:%"))
    return [(m.idempotency_key, m.status) for m in found]


def audit(services: Services, thread: str) -> list[str]:
    return [e.event for e in rows(services, AuditEvent, AuditEvent.thread_id == thread)]


def set_mode(services: Services, agent: str, mode: str) -> None:
    with services.scope(anchors.TENANT_ID) as scope:
        config = scope.session.scalars(
            select(AgentConfig).where(
                AgentConfig.tenant_id == anchors.TENANT_ID, AgentConfig.agent == agent
            )
        ).one()
        config.autonomy_mode = mode


def refund_request(order: str, amount: float, action_id: str, *reasons: str) -> dict[str, Any]:
    """The exact interrupt payload for one proposed refund."""
    summary = f"Refund ${amount:,.2f} on {order} (full refund)"
    return {
        "action_requests": [
            {
                "name": "process_refund",
                "args": {"order_number": order, "amount": amount, "reason": REFUND_REASON},
                "description": summary + "\n" + "\n".join(f"- {r}" for r in reasons),
            }
        ],
        "review_configs": [{"action_name": "process_refund", "allowed_decisions": DECISIONS}],
        "action_ids": [action_id],
    }


def waiting_refund(graph: Graph, thread: str) -> str:
    """The action id waiting in the thread's single interrupt (one refund)."""
    [interrupt] = graph.get_state({"configurable": {"thread_id": thread}}).interrupts
    [action_id] = interrupt.value["action_ids"]
    return str(action_id)


def test_interrupt_payload_and_command_resume_round_trip(
    build: Callable[..., tuple[Services, Graph]],
) -> None:
    services, graph = build()
    thread = new_thread()
    config: RunnableConfig = {"configurable": {"thread_id": thread}}

    out = graph.invoke(
        {"messages": [HumanMessage(REFUND_BELOW)]}, config, context=CONTEXT, durability="sync"
    )

    [interrupt] = out["__interrupt__"]
    [action_id] = interrupt.value["action_ids"]
    assert interrupt.value == refund_request(
        BELOW, 349.0, action_id, ASSISTED.format(tool="process_refund")
    )
    [pending] = rows(services, Approval, Approval.thread_id == thread)
    assert (pending.status, pending.agent, pending.tool) == ("pending", "support", "process_refund")
    assert [(r["rule"], r["message"]) for r in pending.reasons] == [
        ("external_default", ASSISTED.format(tool="process_refund"))
    ]
    # The reason keeps its wording, so a reply in another language can state it.
    assert pending.reasons[0]["values"] == {"tool": {"tool": "process_refund"}}
    assert outbox(services, thread) == [(f"{thread}:{action_id}", "pending_approval")]
    assert refunds(services, BELOW) == []

    done = graph.invoke(
        Command(resume={"decisions": [{"type": "approve"}]}),
        config,
        context=CONTEXT,
        durability="sync",
    )

    assert "__interrupt__" not in done
    assert done["actions"][action_id]["status"] == "executed"
    assert done["actions"][action_id]["result"]["amount"] == 349.0
    assert done["answer"].endswith(
        "Actions:\n- process_refund (support): done [order_number ORD-10501, amount $349.00]"
    )
    assert outbox(services, thread) == [(f"{thread}:{action_id}", "recorded")]
    assert refunds(services, BELOW) == [Decimal("349.00")]
    [decided] = rows(services, Approval, Approval.thread_id == thread)
    assert (decided.status, decided.decided_by) == ("approved", CONTEXT.actor)
    assert decided.executed_at is not None and decided.outbox_id is not None
    assert audit(services, thread) == ["requested", "approved", "executed"]


def test_approve_through_answer_thread_executes_once(
    build: Callable[..., tuple[Services, Graph]],
) -> None:
    services, graph = build()
    thread = new_thread()
    assert start(graph, REFUND_BELOW, thread).status == "interrupted"
    action_id = waiting_refund(graph, thread)

    outcome = answer(services, graph, thread, Decision(type="approve"))

    assert outcome.status == "done"
    assert outcome.interrupts == []
    assert outbox(services, thread) == [(f"{thread}:{action_id}", "recorded")]
    assert refunds(services, BELOW) == [Decimal("349.00")]


def test_reject_with_a_reason_stores_feedback_and_executes_nothing(
    build: Callable[..., tuple[Services, Graph]],
) -> None:
    services, graph = build()
    thread = new_thread()
    start(graph, REFUND_BELOW, thread)
    action_id = waiting_refund(graph, thread)
    reason = "Ticket was already transferred to a colleague; no refund"

    outcome = answer(services, graph, thread, Decision(type="reject", message=reason))

    assert outcome.status == "done"
    assert outcome.answer.endswith(
        f"- process_refund (support): rejected: {reason} [order_number {BELOW}, amount $349.00]"
    )
    assert outbox(services, thread) == [(f"{thread}:{action_id}", "rejected")]
    assert refunds(services, BELOW) == []
    [row] = rows(services, Approval, Approval.thread_id == thread)
    assert row.status == "rejected"
    assert row.decision == {"type": "reject", "message": reason}
    assert row.executed_at is None
    [feedback] = rows(services, Feedback, Feedback.approval_id == row.id)
    assert (feedback.agent, feedback.tool, feedback.kind, feedback.message) == (
        "support",
        "process_refund",
        "rejected",
        reason,
    )
    assert audit(services, thread) == ["requested", "rejected"]


def test_edit_lowers_the_amount_and_the_edited_action_runs(
    build: Callable[..., tuple[Services, Graph]],
) -> None:
    services, graph = build()
    thread = new_thread()
    start(graph, REFUND_BELOW, thread)
    action_id = waiting_refund(graph, thread)
    edited = {"order_number": BELOW, "amount": 200, "reason": "Partial refund agreed by phone"}

    outcome = answer(services, graph, thread, Decision(type="edit", args=edited))

    assert outcome.status == "done"
    assert refunds(services, BELOW) == [Decimal("200.00")]
    [order] = rows(services, Order, Order.number == BELOW)
    assert order.status == "partially_refunded"
    [row] = rows(services, Approval, Approval.thread_id == thread)
    assert row.status == "edited"
    assert row.decision is not None
    policy = row.decision.pop("policy")  # the full policy's verdict on the edited action
    assert row.decision == {"type": "edit", "args": {**edited, "amount": 200.0}}
    assert (policy["outcome"], [r["rule"] for r in policy["reasons"]]) == (
        "require_approval",
        ["external_default"],
    )
    assert row.result["amount"] == 200.0
    assert outbox(services, thread) == [(f"{thread}:{action_id}", "recorded")]
    assert audit(services, thread) == ["requested", "edited", "executed"]
    # Issue 9: the answer states the edited amount, and that a reviewer changed it.
    assert (
        "- process_refund (support): done (edited by a reviewer: amount $349.00 -> $200.00, reason "
        in outcome.answer
    )
    assert outcome.answer.endswith(f"[order_number {BELOW}, amount $200.00]")
    assert "$200.00 (edited from $349.00)" in outcome.answer


def test_edits_the_policy_denies_or_the_tool_refuses_are_rejected_and_keep_waiting(
    build: Callable[..., tuple[Services, Graph]],
) -> None:
    services, graph = build()
    thread = new_thread()
    start(graph, "Run a sponsor outreach campaign, top 3", thread)
    [interrupt] = graph.get_state({"configurable": {"thread_id": thread}}).interrupts
    first_id = interrupt.value["action_ids"][0]
    first = interrupt.value["action_requests"][0]
    assert first["name"] == "send_email"
    # Re-address the email to the opted-out anchor (no contact id: the address decides).
    to_opted_out = {k: v for k, v in first["args"].items() if k != "contact_id"}
    to_opted_out["to"] = anchors.OPTED_OUT_EMAIL

    with pytest.raises(InvalidArgumentError) as denied:
        answer(
            services, graph, thread, Decision(type="edit", args=to_opted_out), action_id=first_id
        )
    assert denied.value.argument == "args"
    assert str(denied.value) == (
        "args: the edited action is denied: "
        f"{anchors.OPTED_OUT_EMAIL} opted out of outreach; sending to an opted-out contact "
        "is not allowed"  # only the rules that deny; approval reasons do not apply to a denial
    )

    bad_address = {**first["args"], "to": "not-an-address"}
    with pytest.raises(InvalidArgumentError, match=r"send_email: argument 'to': "):
        answer(services, graph, thread, Decision(type="edit", args=bad_address), action_id=first_id)

    assert {r.status for r in rows(services, Approval, Approval.thread_id == thread)} == {"pending"}
    assert graph.get_state({"configurable": {"thread_id": thread}}).interrupts
    assert all(status == "pending_approval" for _, status in outbox(services, thread))


def test_respond_answers_without_executing(build: Callable[..., tuple[Services, Graph]]) -> None:
    services, graph = build()
    thread = new_thread()
    start(graph, REFUND_BELOW, thread)
    note = "Please confirm by email that you cannot attend; then we refund."

    outcome = answer(services, graph, thread, Decision(type="respond", message=note))

    assert outcome.status == "done"
    assert outcome.answer.endswith(
        f"- process_refund (support): answered by a human: {note} "
        f"[order_number {BELOW}, amount $349.00]"
    )
    assert refunds(services, BELOW) == []
    assert all(status != "recorded" for _, status in outbox(services, thread))
    [row] = rows(services, Approval, Approval.thread_id == thread)
    assert (row.status, row.executed_at) == ("responded", None)
    assert audit(services, thread) == ["requested", "responded"]


def test_a_denied_action_never_reaches_a_human_or_the_outbox(
    build: Callable[..., tuple[Services, Graph]],
) -> None:
    """The agent (a scripted model) emails the opted-out anchor: the policy denies it."""
    model = scripted(
        [
            tool_call(
                "send_email",
                {"to": anchors.OPTED_OUT_EMAIL, "subject": "Sponsorship", "body": "Hello Jordan"},
                "c1",
            ),
            "I have emailed Jordan.",
        ]
    )
    services, graph = build(model)
    thread = new_thread()

    outcome = start(graph, "Email Jordan Reyes at Globex about our sponsorship packages", thread)

    assert outcome.status == "done"
    assert outcome.interrupts == []
    state = graph.get_state({"configurable": {"thread_id": thread}}).values
    [action] = state["actions"].values()
    assert action["status"] == "denied"
    assert action["action"]["tool"] == "send_email"
    assert [r["rule"] for r in action["reasons"]] == ["opted_out_contact", "external_default"]
    assert rows(services, Approval, Approval.thread_id == thread) == []
    assert outbox(services, thread) == []
    assert audit(services, thread) == ["denied"]
    assert "- send_email (sales): denied: jordan.reyes@globex.example opted out" in outcome.answer
    # Issue 9, pattern 7: nothing in the answer says the denied email is queued or waiting.
    assert "queued" not in outcome.answer and "waiting for approval" not in outcome.answer


def test_full_auto_refund_below_the_limit_runs_without_a_human(
    build: Callable[..., tuple[Services, Graph]],
) -> None:
    services, graph = build()
    set_mode(services, "support", "full_auto")
    thread = new_thread()

    outcome = start(graph, REFUND_BELOW, thread)

    assert outcome.status == "done"
    assert outcome.interrupts == []
    assert refunds(services, BELOW) == [Decimal("349.00")]
    [(_key, status)] = outbox(services, thread)
    assert status == "recorded"
    assert rows(services, Approval, Approval.thread_id == thread) == []
    assert audit(services, thread) == ["allowed", "executed"]
    assert outcome.answer.endswith(
        f"- process_refund (support): done [order_number {BELOW}, amount $349.00]"
    )


def test_full_auto_refund_above_the_limit_still_interrupts(
    build: Callable[..., tuple[Services, Graph]],
) -> None:
    services, graph = build()
    set_mode(services, "support", "full_auto")
    thread = new_thread()

    outcome = start(graph, REFUND_ABOVE, thread)

    assert outcome.status == "interrupted"
    [interrupt] = outcome.interrupts
    refund, escalation = interrupt["action_requests"]
    assert refund["name"] == "process_refund"
    assert refund["args"] == {"order_number": ABOVE, "amount": 1250.0, "reason": REFUND_REASON}
    # full_auto lifts the assisted-mode default: only the $500 rule asks for a human.
    assert refund["description"] == (
        f"Refund $1,250.00 on {ABOVE} (full refund)\n"
        "- Refund of $1,250.00 is above the $500.00 limit"
    )
    assert escalation["name"] == "escalate_to_human"
    assert escalation["args"]["reason"] == "refund_over_limit"
    assert [c["action_name"] for c in interrupt["review_configs"]] == [
        "process_refund",
        "escalate_to_human",
    ]
    assert refunds(services, ABOVE) == []
    pending = rows(services, Approval, Approval.thread_id == thread)
    assert [(r.tool, r.status) for r in pending] == [
        ("process_refund", "pending"),
        ("escalate_to_human", "pending"),
    ]
