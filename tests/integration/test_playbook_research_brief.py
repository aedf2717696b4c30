"""The research brief playbook on a fresh demo database, with a scripted writer."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable

import pytest
from langchain_core.messages import AIMessage
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import select

from adapters.services import Services
from domain.demo import anchors
from domain.models import AgentMessage, Contact
from domain.research.mentions import resolve_mention
from domain.scope import Scope
from graphs.context import Context
from graphs.state import DepartmentResult, PlanStep
from nodes.playbooks.research_brief import build
from tests.fakes import ScriptedChatModel
from tools import call_tool

WRITTEN = "Scripted brief."


def writer() -> ScriptedChatModel:
    return ScriptedChatModel(messages=itertools.cycle([AIMessage(WRITTEN)]), prompts=[])


def run(services: Services, request: str) -> DepartmentResult:
    graph = build(services).compile(checkpointer=InMemorySaver())
    step = PlanStep(
        id="s1", department="research", task=request, playbook="research_brief", depends_on=[]
    )
    output = graph.invoke(
        {"step": step, "inputs": {}, "request": request},
        {"configurable": {"thread_id": "t"}},
        context=Context(),
    )
    assert set(output) == {"result"}
    result: DepartmentResult = output["result"]
    return result


def facts_sent(model: ScriptedChatModel, task: str) -> dict:
    [prompt] = [p for p in model.prompts if p[0].content.endswith(f"Task: {task}")]
    return json.loads(prompt[1].content)


def _offline_model_available() -> bool:
    try:
        from adapters.models import build_chat_model  # noqa: F401
    except ImportError:
        return False
    return True


def test_company_brief_has_contacts_attendance_deal_and_notifies_sales(
    make_services: Callable,
) -> None:
    model = writer()
    services = make_services(model)
    with services.scope("demo", actor="test") as scope:
        contacts = call_tool("find_contacts", {"company_id": 1, "limit": 5}, scope)["contacts"]
        statuses = [
            call_tool("verify_email", {"email": c["email"]}, scope)["status"] for c in contacts[:3]
        ]
        attended = call_tool("find_event_attendance", {"company_ids": [1]}, scope)["events"]
        lead = call_tool("qualify_lead", {"opportunity_id": 1}, scope)

    result = run(services, f"Research brief on {anchors.BIG_DEAL_COMPANY}")

    data = result["data"]
    assert result["summary"] == WRITTEN and data["errors"] == []
    assert data["resolved"] == {
        "kind": "company",
        "id": 1,
        "name": "Acme Cloud",
        "company_id": 1,
        "match": "exact",
    }
    assert result["tools_used"] == [
        "research_company",
        "find_contacts",
        "verify_email",
        "find_event_attendance",
        "qualify_lead",
    ]
    assert [c["name"] for c in data["contacts"]] == [c["name"] for c in contacts]
    assert [c.get("verification") for c in data["contacts"][:3]] == statuses
    assert {e["event"] for e in data["attendance"]} == {e["name"] for e in attended}
    assert data["qualification"] == {
        "opportunity_id": 1,
        "score": lead["score"],
        "grade": lead["grade"],
    }
    assert data["company"]["is_target_account"] is True
    assert result["pending_actions"] == []
    assert len(json.dumps(data)) < 5000

    facts = facts_sent(model, "research_brief")
    assert facts["subject"] == "Acme Cloud"
    assert facts["people_line"].startswith("Mateo Schmidt, Chief Marketing Officer (email valid)")
    assert "$75,000, negotiation (65% probability)" in facts["deal_line"]
    assert f"lead score {lead['score']} ({lead['grade']})" in facts["deal_line"]
    assert "SecureAI Forum (Singapore, 2026-09-02, attendee)" in facts["events_line"]

    with services.sessions() as session:
        [message] = session.scalars(select(AgentMessage)).all()
    assert (message.from_agent, message.to_agent, message.message_type) == (
        "research",
        "sales",
        "notification",
    )
    assert message.payload["company_id"] == 1 and message.payload["opportunity_id"] == 1
    assert message.payload["key_points"][2] == f"Deal: {facts['deal_line']}"
    assert data["message_ids"] == [message.id] and message.thread_id == "t"


def test_contact_brief_verifies_the_person_and_uses_talking_points(
    make_services: Callable,
) -> None:
    model = writer()
    services = make_services(model)

    result = run(services, "Who is Mateo Schmidt at Acme Cloud?")

    data = result["data"]
    assert (data["resolved"]["kind"], data["resolved"]["name"]) == ("contact", "Mateo Schmidt")
    assert result["tools_used"] == [
        "research_contact",
        "research_company",
        "verify_email",
        "find_event_attendance",
        "qualify_lead",
    ]
    assert [(c["name"], c["verification"]) for c in data["contacts"]] == [
        ("Mateo Schmidt", "valid")
    ]
    facts = facts_sent(model, "research_brief")
    assert facts["subject"] == "Mateo Schmidt (Chief Marketing Officer, Acme Cloud)"
    assert facts["talking_line"].startswith("Recent Acme Cloud news: Launched a new MLOps")


def test_a_company_that_is_not_a_target_account_sends_no_message(
    make_services: Callable,
) -> None:
    services = make_services(writer())

    result = run(services, "Give me background on Vector Health")

    assert result["data"]["company"]["name"] == "Vector Health"
    assert result["data"]["company"]["is_target_account"] is False
    assert result["data"]["message_ids"] == []


@pytest.mark.parametrize(
    ("request_text", "expected_question"),
    [
        ("research brief on Blue", "Which one do you mean: Blue AI, Blue Analytics,"),
        ("research brief on Zyxwv Corp", "Which company or contact should I research?"),
    ],
)
def test_unclear_requests_ask_which_one(
    make_services: Callable, request_text: str, expected_question: str
) -> None:
    model = writer()
    services = make_services(model)

    result = run(services, request_text)

    assert result["status"] == "done" and result["summary"] == WRITTEN
    assert result["data"]["resolved"] is None and result["tools_used"] == []
    assert facts_sent(model, "research_clarify")["question"].startswith(expected_question)
    names = [c["name"] for c in result["data"]["candidates"]]
    assert all(n.startswith("Blue ") for n in names) and (len(names) > 1) == (
        "Blue" in request_text
    )


def test_resolving_names_in_free_text(scope: Scope) -> None:
    both = resolve_mention(scope, "brief on mateo schmidt from acme cloud")
    assert both.target is not None
    assert (both.target.kind, both.target.name) == ("contact", "Mateo Schmidt")
    company = resolve_mention(scope, "BACKGROUND ON ACME CLOUD, please")
    assert company.target is not None and company.target.name == "Acme Cloud"
    partial = resolve_mention(scope, "research brief on acme")
    assert partial.target is not None
    assert (partial.target.name, partial.target.match) == ("Acme Cloud", "partial")
    assert resolve_mention(scope, "who is acmecloud").target is None


def test_an_email_address_names_its_contact_even_when_the_name_is_shared(scope: Scope) -> None:
    """Issue 9, pattern 3: an exact address is no reason to ask "which one do you mean"."""
    namesakes = scope.session.scalars(
        select(Contact).where(
            Contact.tenant_id == scope.tenant_id,
            Contact.first_name == "Elena",
            Contact.last_name == "Lindgren",
        )
    ).all()
    assert len(namesakes) >= 2
    assert resolve_mention(scope, "research the contact Elena Lindgren").target is None
    for person in namesakes:
        found = resolve_mention(scope, f"Research the contact {person.email.upper()}.")
        assert found.target is not None
        assert (found.target.kind, found.target.id) == ("contact", person.id)
    assert resolve_mention(scope, "research nobody@nowhere.example").target is None


@pytest.mark.skipif(
    not _offline_model_available(),
    reason="adapters.models.build_chat_model (the offline model) is not in the tree yet",
)
def test_research_brief_with_the_offline_model(make_services: Callable) -> None:
    from adapters.models import build_chat_model

    services = make_services(writer())
    services.model = build_chat_model(services.settings, services)

    result = run(services, "Research brief on Acme Cloud")

    lines = result["summary"].splitlines()
    assert lines[0] == "Research brief: Acme Cloud"
    assert [line.split(":")[0] for line in lines[1:]] == [
        "Overview",
        "Why now",
        "History",
        "People",
        "Events",
        "Deal",
        "Talking points",
    ]
    assert "Mateo Schmidt, Chief Marketing Officer (email valid)" in result["summary"]
