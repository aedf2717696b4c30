"""The supervisor graph end to end: routing, parallel departments, one answer."""

from __future__ import annotations

import json

from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver

from domain.demo import anchors
from graphs.context import Context
from graphs.supervisor import compile_supervisor
from tests.fakes import scripted, tool_call


def _run(graph, text: str, thread: str = "t1"):  # type: ignore[no-untyped-def]
    config = {"configurable": {"thread_id": thread}}
    graph.invoke({"messages": [HumanMessage(text)]}, config, context=Context())
    return config


def test_independent_steps_run_in_the_same_superstep(make_services) -> None:
    """Seed 000's launch: analytics, operations and support together; then sales+marketing."""
    from adapters.models import build_chat_model

    services = make_services(None)
    services.model = build_chat_model(services.settings, services)
    graph = compile_supervisor(services, checkpointer=InMemorySaver())

    config = _run(graph, "Coordinate the event launch")

    history = list(graph.get_state_history(config))[::-1]
    supersteps = [set(snapshot.next) for snapshot in history if snapshot.next]
    assert {"analytics", "operations", "support"} in supersteps
    first = supersteps.index({"analytics", "operations", "support"})
    assert {"sales", "marketing"} in supersteps[first + 1 :]
    final = history[-1].values
    assert set(final["results"]) == {"s1", "s2", "s3", "s4", "s5"}
    assert final["answer"]


def test_llm_path_with_a_scripted_model(make_services) -> None:
    order = anchors.ORDER_BELOW_REFUND_THRESHOLD
    model = scripted(
        [
            tool_call("lookup_ticket", {"order_number": order}, "c1"),
            f"Order {order} is paid: one Standard ticket.",
        ]
    )
    graph = compile_supervisor(make_services(model), checkpointer=InMemorySaver())

    config = _run(graph, f"Can you look up order {order} for me?")

    state = graph.get_state(config).values
    assert state["route"]["agents"] == ["support"]
    assert state["route"]["llm_calls"] == 0
    [result] = state["results"].values()
    assert result["tools_used"] == ["lookup_ticket"]
    assert state["answer"] == f"Order {order} is paid: one Standard ticket."
    # The client-facing conversation holds the request and the answer, no sub-agent chatter.
    assert [m.type for m in state["messages"]] == ["human", "ai"]


def test_supervisor_state_stays_small(make_services) -> None:
    from adapters.models import build_chat_model

    services = make_services(None)
    services.model = build_chat_model(services.settings, services)
    graph = compile_supervisor(services, checkpointer=InMemorySaver())

    config = _run(graph, "Run the daily operations check")

    values = graph.get_state(config).values
    for result in values["results"].values():
        assert len(json.dumps(result["data"], default=str)) <= 5 * 1024
    assert len(json.dumps(values["results"], default=str)) < 10 * 1024
    assert [m.type for m in values["messages"]] == ["human", "ai"]
