"""Issue 9, pattern 1 end to end: the offline model and the playbooks never propose an
action the request says not to take, and the answer says so."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver

from adapters.models import build_chat_model
from domain.demo import anchors
from graphs.context import Context
from graphs.department import build_department_graph
from graphs.state import DepartmentTask, PlanStep
from graphs.supervisor import compile_supervisor
from tests.fakes import scripted, tool_call


def run(make_services: Any, text: str) -> dict[str, Any]:
    services = make_services(None)
    services.model = build_chat_model(services.settings, services)
    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "neg"}}
    graph.invoke({"messages": [HumanMessage(text)]}, config, context=Context())
    return dict(graph.get_state(config).values)


def proposed_tools(state: dict[str, Any]) -> list[str]:
    return [a["tool"] for r in state["results"].values() for a in r["pending_actions"]]


def test_a_refund_request_that_says_not_yet_only_looks_the_order_up(make_services: Any) -> None:
    order = anchors.ORDER_BELOW_REFUND_THRESHOLD
    state = run(make_services, f"Check refund options for order {order}, but don't refund yet")

    assert "process_refund" not in proposed_tools(state)
    assert state.get("actions", {}) == {}
    assert order in state["answer"]


def test_the_same_request_without_the_negation_proposes_the_refund(make_services: Any) -> None:
    order = anchors.ORDER_BELOW_REFUND_THRESHOLD
    state = run(make_services, f"Refund order {order}, the customer cannot come")

    assert "process_refund" in proposed_tools(state)


def test_the_operations_check_without_escalations(make_services: Any) -> None:
    """The playbook finds critical issues; the request said not to escalate them."""
    state = run(make_services, "Run the daily operations check, nicht eskalieren")

    assert "escalate_issue" not in proposed_tools(state)
    assert all(o["action"]["tool"] != "escalate_issue" for o in state.get("actions", {}).values())
    [result] = state["results"].values()
    assert result["playbook"] == "daily_operations"
    assert result["data"]["counts"]["critical"] >= 1  # there was something to escalate
    assert "As you asked, nothing to escalate was proposed." in state["answer"]


def test_a_model_that_ignores_the_negation_gets_nothing_queued(make_services: Any) -> None:
    """A (scripted) LLM calls the refund anyway: the tool refuses to queue it."""
    order = anchors.ORDER_BELOW_REFUND_THRESHOLD
    model = scripted(
        [
            tool_call("lookup_ticket", {"order_number": order}, "c1"),
            tool_call("process_refund", {"order_number": order, "reason": "asked"}, "c2"),
            "Refund queued.",
        ]
    )
    graph = build_department_graph("support", make_services(model)).compile(
        checkpointer=InMemorySaver()
    )
    text = f"Look at order {order}; ne rembourse pas encore"
    step = PlanStep(id="s1", department="support", task=text, playbook=None, depends_on=[])
    output = graph.invoke(
        DepartmentTask(step=step, inputs={}, request=text),
        {"configurable": {"thread_id": "t1"}},
        context=Context(),
    )

    result = output["results"]["s1"]
    assert result["pending_actions"] == []
    refund_reply = result["data"]["tool_results"]["process_refund"]
    assert refund_reply == "not queued: the request says not to refund"
