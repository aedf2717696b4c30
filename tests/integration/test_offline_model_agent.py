"""The offline model inside ``langchain.agents.create_agent``, end to end on read tools."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, ToolMessage
from langchain_core.tools import BaseTool, StructuredTool
from langgraph.checkpoint.memory import InMemorySaver

from adapters.models import agent_middleware, build_chat_model
from adapters.offline import OfflineChatModel
from adapters.services import Services
from tools.registry import call_tool, get_tool


def read_tools(services: Services, *names: str) -> list[BaseTool]:
    """StructuredTool wrappers over registry read tools, each call in its own scope."""

    def wrap(name: str) -> Callable[..., str]:
        def run(**kwargs: Any) -> str:
            with services.scope("demo", actor="agent") as scope:
                return json.dumps(call_tool(name, kwargs, scope))

        return run

    return [
        StructuredTool.from_function(
            func=wrap(name),
            name=name,
            description=get_tool(name).description,
            args_schema=get_tool(name).args_model,
        )
        for name in names
    ]


@pytest.fixture
def services(make_services: Callable[[Any], Services]) -> Services:
    built = make_services(OfflineChatModel())
    built.model = build_chat_model(built.settings, built)
    return built


def agent(services: Services, *names: str) -> Any:
    return create_agent(
        services.model,
        read_tools(services, *names),
        system_prompt="You are the support agent. Use the tools for every fact.",
        middleware=agent_middleware(services.settings),
        checkpointer=InMemorySaver(),
    )


def test_agent_looks_up_an_order_and_answers_from_the_result(services: Services) -> None:
    app = agent(services, "search_knowledge_base", "lookup_ticket")
    state = app.invoke(
        {"messages": [HumanMessage("Look up order ORD-10500")]},
        {"configurable": {"thread_id": "t1"}},
    )
    messages = state["messages"]
    assert [type(m).__name__ for m in messages] == [
        "HumanMessage",
        "AIMessage",
        "ToolMessage",
        "AIMessage",
    ]
    assert messages[1].tool_calls[0]["args"] == {"order_number": "ORD-10500"}
    final = messages[-1]
    assert isinstance(final, AIMessage)
    assert final.text.splitlines()[:2] == [
        "Found 1 order(s).",
        "Order ORD-10500: paid, 1 × VIP, $1,250, bought by Elena Moreau "
        "(elena.moreau@mail.example).",
    ]
    assert final.usage_metadata is not None
    assert final.usage_metadata["input_tokens"] > 0


def test_agent_chains_two_research_tools(services: Services) -> None:
    app = agent(services, "research_company", "find_contacts")
    text = "research Acme Cloud and then find the decision makers at Acme Cloud"
    state = app.invoke({"messages": [HumanMessage(text)]}, {"configurable": {"thread_id": "t2"}})
    made = [
        (c["name"], c["args"])
        for m in state["messages"]
        if isinstance(m, AIMessage)
        for c in m.tool_calls
    ]
    assert made == [("research_company", {"company_id": 1}), ("find_contacts", {"company_id": 1})]
    contacts = json.loads([m for m in state["messages"] if isinstance(m, ToolMessage)][1].text)[
        "contacts"
    ]
    final = state["messages"][-1].text
    assert f"1. {contacts[0]['name']}, {contacts[0]['title']} ({contacts[0]['email']})" in final
    assert "Acme Cloud (Cloud Infrastructure" in final


def test_agent_streams_model_tokens_with_usage(services: Services) -> None:
    app = agent(services, "search_knowledge_base", "lookup_ticket")
    chunks = [
        chunk
        for chunk, _meta in app.stream(
            {"messages": [HumanMessage("Look up order ORD-10501")]},
            {"configurable": {"thread_id": "t3"}},
            stream_mode="messages",
        )
        if isinstance(chunk, AIMessageChunk)
    ]
    assert any(c.tool_call_chunks for c in chunks)
    text_chunks = [c for c in chunks if c.text]
    assert len(text_chunks) > 10
    assert "ORD-10501" in "".join(c.text for c in text_chunks)
    assert sum(1 for c in chunks if c.usage_metadata) == 2  # one per model call
