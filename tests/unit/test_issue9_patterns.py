"""Issue 9's eight failure patterns, each pinned by a request of my own through the whole graph.

Every request here is new (none is in an eval set or the router's training file). Each
runs through the supervisor graph with the offline model on a fresh copy of the demo
database. A pattern that still fails is marked ``xfail(strict=True)`` with its reason, so
the test turns red the day the behaviour is fixed and the mark must go.

Tests that already pinned a pattern before this file (kept, not repeated here):

1. Negation: tests/unit/test_negation.py (withheld verbs, planner skips a withheld refund
   or reminder), tests/integration/test_negated_actions.py (graph: "don't refund yet",
   "nicht eskalieren", a scripted LLM that ignores the negation),
   tests/integration/test_playbook_support_request.py ("pero no lo escales").
2. Fabricated escalations: tests/unit/test_escalation_subjects.py (subjects come from the
   data, never a clipped fragment of the request).
3. Needless clarifying questions: none before this file.
4. Non-English: tests/unit/test_answer_frame.py::test_the_frame_is_in_the_request_language
   (only the per-action frame); routing of other languages in test_routing_meaning.py.
5. Keyword misroutes: tests/unit/test_routing_meaning.py (KEYWORD_TRAPS).
6. Wrong tool for the question: tests/unit/test_offline_meaning.py ("what should we do",
   casual daily report).
7. Answers that contradict the facts: tests/unit/test_answer_frame.py (denied email,
   waiting action, edited amount), tests/integration/test_approvals_flow.py (edited
   refund, denied email), tests/integration/test_playbook_sponsor_outreach.py ("already
   sent today" counts sent emails only), tests/unit/test_offline_answers.py (lists say
   "and N more", figures state their period), tests/integration/test_offline_model.py.
8. The README's launch example: tests/unit/test_routing_plan.py (the plan's shape) and
   tests/integration/test_agui_client.py (the departments' steps stream) — neither looks
   at what analytics and marketing answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from adapters.services import Services
from evals.e2e_checks import detect_language
from nodes.routing import route
from nodes.routing.classifier import training_examples
from nodes.routing.text import normalise
from tests.supervisor_helpers import Graph, State, actions


@pytest.fixture
def graph(make_services: Callable[..., Services]) -> Graph:
    return Graph(make_services(None), "pattern")  # None: the model the settings name (offline)


def result_of(state: State, department: str) -> dict[str, Any]:
    [result] = [r for r in state["results"].values() if r["department"] == department]
    return dict(result)


# 1 -------------------------------------------------------------------------------------
def test_1_a_note_the_user_wants_to_keep_is_not_proposed_for_sending(graph: Graph) -> None:
    state = graph.ask("Draft a note to Lucas Patel at Globex but do not send it")

    assert actions(state, "send_email") == []
    assert not state.get("actions")


# 2 -------------------------------------------------------------------------------------
def test_2_an_escalation_names_the_overdue_deliverable_from_the_data(graph: Graph) -> None:
    text = "Escalate whatever is most overdue, and double-check with the team afterwards."
    state = graph.ask(text)

    [escalation] = actions(state, "escalate_issue")
    assert 40 in escalation["deliverable_ids"]  # Final AV run sheet, 5 days late
    assert escalation["details"] != text
    assert "double-check" not in escalation["subject"]


# 3 -------------------------------------------------------------------------------------
def test_3_a_named_person_at_a_named_company_is_emailed_without_a_question(graph: Graph) -> None:
    state = graph.ask("Email Kai Sato at Kestrel Labs about a Startup sponsorship")

    [email] = actions(state, "send_email")
    assert email["to"] == "kai.sato@kestrellabs.example"
    assert "Could you tell me" not in state["answer"]


def test_3_them_in_the_second_clause_is_the_company_of_the_first(graph: Graph) -> None:
    state = graph.ask("Find contacts at Echo Cloud, then email them about the Gold package")

    emails = actions(state, "send_email")
    assert emails
    assert all(e["to"].endswith("@echocloud.example") for e in emails)
    assert "Could you tell me" not in state["answer"]


# 4 -------------------------------------------------------------------------------------
def test_4_a_german_refund_request_proposes_the_refund(graph: Graph) -> None:
    state = graph.ask("Bitte erstatte die Bestellung ORD-10042")

    [refund] = actions(state, "process_refund")
    assert refund["order_number"] == "ORD-10042"


def test_4_the_answer_to_a_german_request_is_in_german(graph: Graph) -> None:
    state = graph.ask("Bitte erstatte die Bestellung ORD-10042")

    assert detect_language(state["answer"]) == "de"


# 5 -------------------------------------------------------------------------------------
KEYWORD_TRAPS = [
    ("the sponsor lounge still needs chairs from the furniture supplier", "operations"),
    ("which ticket bundles should the follow-up newsletter promote", "marketing"),
    ("log a follow-up call with the Apex Cloud sponsor contact", "sales"),
]


def test_5_these_requests_are_not_training_examples() -> None:
    training = {normalise(text) for text, _ in training_examples()}
    assert not {normalise(text) for text, _ in KEYWORD_TRAPS} & training


@pytest.mark.parametrize(("text", "department"), KEYWORD_TRAPS)
def test_5_a_word_of_another_department_does_not_decide_the_route(
    text: str, department: str
) -> None:
    assert route(text)["agents"] == [department]


# 6 -------------------------------------------------------------------------------------
def test_6_sales_by_the_event_day_is_answered_by_the_forecast(graph: Graph) -> None:
    state = graph.ask("How many tickets will we have sold by the day of the event?")

    assert "predict_attendance" in result_of(state, "analytics")["tools_used"]


# 7 -------------------------------------------------------------------------------------
def test_7_a_second_outreach_run_does_not_queue_the_same_contacts(graph: Graph) -> None:
    request = "Run a sponsor outreach campaign for the upcoming conference"
    first = {e["to"] for e in actions(graph.ask(request), "send_email")}
    second = {e["to"] for e in actions(graph.ask(request), "send_email")}

    assert first  # the first run did propose emails
    assert not first & second


# 8 -------------------------------------------------------------------------------------
LAUNCH = "Launch the event: analyse the audience, then find sponsors and start the campaign"


def test_8_the_readme_example_reaches_all_three_departments(graph: Graph) -> None:
    state = graph.ask(LAUNCH)

    assert [step["department"] for step in state["plan"]] == ["analytics", "sales", "marketing"]
    assert actions(state, "send_email")  # sales ran its outreach


def test_8_the_readme_example_analyses_the_audience(graph: Graph) -> None:
    analytics = result_of(graph.ask(LAUNCH), "analytics")

    assert analytics["tools_used"]
    assert "could not match" not in analytics["summary"]


def test_8_the_readme_example_proposes_starting_the_campaign(graph: Graph) -> None:
    state = graph.ask(LAUNCH)

    [send] = actions(state, "send_email_campaign")  # waits for a person, as every send does
    marketing = result_of(state, "marketing")
    assert "create_campaign" in marketing["tools_used"]
    assert send["campaign_id"] not in DEMO_CAMPAIGNS  # the campaign it started, not another
    assert send["segment"] == "all"  # who receives it is on the card, and the send can run
    assert send["subject"] and send["body"]


DEMO_CAMPAIGNS = {1, 2, 3, 4}


def test_3_a_proposal_for_a_company_without_a_deal_says_there_is_none(graph: Graph) -> None:
    state = graph.ask("Put together a sponsorship proposal for Globex")

    assert "Globex has no open opportunity" in state["answer"]
    assert "Could you tell me" not in state["answer"]
    assert not actions(state, "generate_proposal")
