"""The offline model on the demo database: names resolved, tools chained, answers written."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, NotRequired, TypedDict

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.tools import BaseTool, StructuredTool
from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime

from adapters.models import build_chat_model
from adapters.offline import OfflineChatModel
from adapters.services import Services
from graphs.context import Context
from nodes.writing import write
from tools.registry import Effect, ToolArgumentError, call_tool, tools_for


def registry_tools(services: Services, department: str) -> list[BaseTool]:
    """The department's tools; external ones are queued, never run (as agents do)."""

    def wrap(name: str, effect: Effect) -> Callable[..., str]:
        def run(**kwargs: Any) -> str:
            if effect is Effect.EXTERNAL:
                return json.dumps({"status": "queued_for_approval", "tool": name})
            try:
                with services.scope("demo", actor="test") as scope:
                    return json.dumps(call_tool(name, kwargs, scope))
            except ToolArgumentError as exc:
                return f"error: {exc}"

        return run

    return [
        StructuredTool.from_function(
            func=wrap(spec.name, spec.effect),
            name=spec.name,
            description=spec.description,
            args_schema=spec.args_model,
        )
        for spec in tools_for(department)
    ]


def converse(
    model: OfflineChatModel, tools: list[BaseTool], text: str, turns: int = 6
) -> list[BaseMessage]:
    """Run the model/tool loop by hand until the model answers."""
    by_name = {t.name: t for t in tools}
    bound = model.bind_tools(tools)
    messages: list[BaseMessage] = [HumanMessage(text)]
    for _ in range(turns):
        reply = bound.invoke(messages)
        messages.append(reply)
        if not isinstance(reply, AIMessage) or not reply.tool_calls:
            return messages
        for call in reply.tool_calls:
            output = by_name[call["name"]].invoke(call["args"])
            messages.append(ToolMessage(output, tool_call_id=call["id"], name=call["name"]))
    raise AssertionError("the model never answered")


def calls(messages: list[BaseMessage]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (c["name"], c["args"]) for m in messages if isinstance(m, AIMessage) for c in m.tool_calls
    ]


@pytest.fixture
def services(make_services: Callable[[Any], Services]) -> Services:
    built = make_services(OfflineChatModel())
    built.model = build_chat_model(built.settings, built)
    return built


@pytest.fixture
def model(services: Services) -> OfflineChatModel:
    assert isinstance(services.model, OfflineChatModel)
    return services.model


def test_refund_looks_up_then_queues_the_refund(
    services: Services, model: OfflineChatModel
) -> None:
    messages = converse(model, registry_tools(services, "support"), "refund order ORD-10501")
    assert calls(messages) == [
        ("lookup_ticket", {"order_number": "ORD-10501"}),
        ("process_refund", {"order_number": "ORD-10501"}),
    ]
    answer = messages[-1].text
    assert (
        "Order ORD-10501: paid, 1 × Standard, $349, bought by Maya Lindqvist "
        "(maya.lindqvist@example.org)." in answer
    )
    assert "Process refund proposed (order_number=ORD-10501); not done yet." in answer


def test_research_resolves_the_company_name(services: Services, model: OfflineChatModel) -> None:
    messages = converse(model, registry_tools(services, "research"), "research Acme Cloud")
    assert calls(messages) == [("research_company", {"company_id": 1})]
    answer = messages[-1].text
    assert answer.startswith(
        "Acme Cloud (Cloud Infrastructure, 10000+, Tokyo, Japan); target account: yes."
    )
    assert "Open opportunity: Acme Cloud — Platinum, negotiation, $75,000." in answer


def test_an_order_found_by_email_feeds_the_resend(
    services: Services, model: OfflineChatModel
) -> None:
    text = "I never received my ticket, my email is maya.lindqvist@example.org"
    messages = converse(model, registry_tools(services, "support"), text)
    assert calls(messages) == [
        ("lookup_ticket", {"email": "maya.lindqvist@example.org"}),
        ("resend_ticket", {"order_number": "ORD-10501"}),
    ]


def test_search_then_proposal_for_the_top_prospect_with_a_deal(
    services: Services, model: OfflineChatModel
) -> None:
    text = "search for sponsors and then draft a proposal for the top one"
    messages = converse(model, registry_tools(services, "sales"), text)
    made = calls(messages)
    assert [name for name, _ in made] == ["search_sponsors", "generate_proposal"]
    prospects = json.loads(next(m for m in messages if isinstance(m, ToolMessage)).text)[
        "prospects"
    ]
    first_deal = next(
        p["open_opportunity"]["opportunity_id"] for p in prospects if p["open_opportunity"]
    )
    assert made[1][1] == {"opportunity_id": first_deal}
    assert "Proposal " in messages[-1].text


def test_a_missing_detail_is_asked_for(services: Services, model: OfflineChatModel) -> None:
    messages = converse(model, registry_tools(services, "sales"), "book a meeting with Emma Rossi")
    assert calls(messages) == []
    assert messages[-1].text == (
        "To schedule meeting I need when it should start (a date and time). "
        "Could you tell me when it should start (a date and time)?"
    )


def test_names_match_whatever_the_case_accents_or_typos(model: OfflineChatModel) -> None:
    assert model.resolver is not None
    catalog = model.resolver.catalog("demo")

    def best(text: str, kind: str) -> str | None:
        found = catalog.best(text, kind)
        return found.name if found else None

    assert best("what about ACMÉ cloud?", "company") == "Acme Cloud"
    assert best("research Acme Clod", "company") == "Acme Cloud"
    assert best("remind them about the AV run sheet", "deliverable") == "Final AV run sheet"
    assert best("nudge Harbor Catering", "vendor") == "Harbor Catering Co."
    assert [m.entity.name for m in catalog.find("Nova AI and Nova Labs", "company")] == [
        "Nova AI",
        "Nova Labs",
    ]
    assert catalog.best("hello there", "company") is None


class _Ask(TypedDict):
    text: str
    reply: NotRequired[AIMessage]


def test_the_tenant_comes_from_the_run_context(services: Services, model: OfflineChatModel) -> None:
    bound = model.bind_tools(registry_tools(services, "research"))

    def ask(state: _Ask, runtime: Runtime[Context]) -> dict[str, Any]:
        return {"reply": bound.invoke([HumanMessage(state["text"])])}

    graph = StateGraph(_Ask, context_schema=Context).add_node("ask", ask)
    graph = graph.add_edge(START, "ask").add_edge("ask", END)
    app = graph.compile()
    question: _Ask = {"text": "research Acme Cloud"}
    own = app.invoke(question, context=Context(tenant_id="demo"))
    other = app.invoke(question, context=Context(tenant_id="someone-else"))
    assert own["reply"].tool_calls[0]["args"] == {"company_id": 1}
    assert other["reply"].tool_calls[0]["args"] == {"name": "Acme Cloud"}


def test_writing_mode_renders_the_task_template(model: OfflineChatModel) -> None:
    facts = {
        "department_reports": "Sales: 3 proposals drafted.",
        "pending_note": "2 emails wait for approval.",
    }
    assert (
        write(model, "synthesis", facts)
        == "Sales: 3 proposals drafted.\n2 emails wait for approval."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What is our revenue so far?", r"Northwind .*, as of 2026-09-01: net revenue \$"),
        ("Will we hit our attendance target?", r"days to go \(as of 2026-09-01\)\."),
        ("How many tickets did we sell per week?", r"in total, all recorded to date"),
    ],
)
def test_figures_state_the_period_they_cover(
    services: Services, model: OfflineChatModel, text: str, expected: str
) -> None:
    """Issue 9, pattern 7: a number comes with the period of the result it is from."""
    messages = converse(model, registry_tools(services, "analytics"), text)
    assert re.search(expected, messages[-1].text), messages[-1].text
