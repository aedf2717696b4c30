"""A department subgraph on its LLM path: a scripted model drives the real agent and tools."""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import func, select

from domain.demo import anchors
from domain.models import AgentConfig, Opportunity, Order, Refund
from graphs.context import Context
from graphs.department import build_department_graph
from graphs.state import DepartmentTask, PlanStep
from tests.fakes import scripted, tool_call


def _task(text: str, department: Any = "support") -> DepartmentTask:
    step = PlanStep(id="s1", department=department, task=text, playbook=None, depends_on=[])
    return DepartmentTask(step=step, inputs={}, request=text)


def test_read_tools_run_and_external_tools_become_pending_actions(make_services) -> None:
    order = anchors.ORDER_BELOW_REFUND_THRESHOLD
    model = scripted(
        [
            tool_call("lookup_ticket", {"order_number": order}, "c1"),
            tool_call("process_refund", {"order_number": order, "reason": "cannot attend"}, "c2"),
            "I looked up the order and queued a refund for approval.",
        ]
    )
    services = make_services(model)
    graph = build_department_graph("support", services).compile(checkpointer=InMemorySaver())

    output = graph.invoke(
        _task(f"Refund {order}"), {"configurable": {"thread_id": "t1"}}, context=Context()
    )

    assert set(output) == {"results"}  # the agent's messages never leave the subgraph
    result = output["results"]["s1"]
    assert result["tools_used"] == ["lookup_ticket", "process_refund"]
    assert result["summary"] == "I looked up the order and queued a refund for approval."
    assert result["data"]["tool_results"]["lookup_ticket"]["orders"][0]["order_number"] == order
    [action] = result["pending_actions"]
    assert action["tool"] == "process_refund"
    assert action["args"]["order_number"] == order
    assert len(action["action_id"]) == 16
    with services.sessions() as session:  # the refund itself did not happen
        refunded = session.scalar(
            select(func.count()).select_from(Refund).join(Order).where(Order.number == order)
        )
        assert refunded == 0
    # The model saw the real tool result, and the queued notice for the external call.
    last_prompt = model.prompts[-1]
    assert "queued_for_approval" in last_prompt[-1].content


def test_bad_tool_arguments_reach_the_model_as_an_error_not_a_crash(make_services) -> None:
    model = scripted(
        [
            tool_call("lookup_ticket", {"order_number": "ORD-99999"}, "c1"),
            "I could not find that order.",
        ]
    )
    graph = build_department_graph("support", make_services(model)).compile()

    output = graph.invoke(_task("Where is ORD-99999?"), context=Context())

    assert output["results"]["s1"]["status"] == "done"
    tool_message = model.prompts[-1][-1]
    assert tool_message.content.startswith("error: lookup_ticket: argument 'order_number'")


def test_same_call_gives_same_action_id_on_replay(make_services) -> None:
    def run_once() -> str:
        model = scripted(
            [
                tool_call(
                    "resend_ticket", {"order_number": anchors.ORDER_BELOW_REFUND_THRESHOLD}, "c1"
                ),
                "Queued.",
            ]
        )
        graph = build_department_graph("support", make_services(model)).compile()
        out = graph.invoke(_task("resend"), context=Context())
        return out["results"]["s1"]["pending_actions"][0]["action_id"]

    assert run_once() == run_once()


def test_closing_a_deal_is_queued_for_a_human_not_written(make_services) -> None:
    services = make_services(None)
    with services.scope("demo") as scope:
        deal = scope.session.scalars(
            select(Opportunity)
            .where(Opportunity.stage == "negotiation", Opportunity.value <= 50000)
            .order_by(Opportunity.id)
        ).first()
        assert deal is not None
        deal_id = deal.id
    services.model = scripted(
        [
            tool_call("update_crm", {"opportunity_id": deal_id, "stage": "closed_won"}, "c1"),
            tool_call(
                "update_crm", {"opportunity_id": deal_id, "next_step": "Send contract"}, "c2"
            ),
            "Queued the close for approval and noted the next step.",
        ]
    )
    graph = build_department_graph("sales", services).compile()

    output = graph.invoke(_task("Mark the deal as won", "sales"), context=Context())

    [action] = output["results"]["s1"]["pending_actions"]
    assert (action["tool"], action["args"]["stage"]) == ("update_crm", "closed_won")
    with services.scope("demo") as scope:
        stored = scope.session.get(Opportunity, deal_id)
        assert stored is not None
        assert stored.stage == "negotiation"  # not closed without a human
        assert stored.next_step == "Send contract"  # an ordinary CRM update ran at once


def test_a_disabled_agent_is_denied_draft_tools(make_services) -> None:
    services = make_services(None)
    with services.scope("demo") as scope:
        config = scope.session.scalars(
            select(AgentConfig).where(AgentConfig.agent == "sales")
        ).one()
        config.enabled = False
    services.model = scripted(
        [
            tool_call("generate_proposal", {"opportunity_id": 1}, "c1"),
            "The sales agent is disabled.",
        ]
    )
    model = services.model
    graph = build_department_graph("sales", services).compile()

    graph.invoke(_task("Draft a proposal", "sales"), context=Context())

    assert model.prompts[-1][-1].content.startswith("denied: ")
