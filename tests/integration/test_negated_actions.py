"""Issue 9, pattern 1 end to end: the offline model and the playbooks never propose an
action the request says not to take, and the answer says so."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver

from adapters.models import build_chat_model
from domain.demo import anchors
from graphs.context import Context
from graphs.supervisor import compile_supervisor


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
