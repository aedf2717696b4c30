"""General fixes found with end-to-end dev set l, each pinned by requests of my own.

None of these requests is in an eval set or the router's training file.

1. A proposed action names the record it acts on: ``opportunity_id=5`` alone does not
   tell the reader which deal (``adapters.offline.answers.queued_arguments``).
2. A request quoting several orders ("resend ORD-1, ORD-2 and ORD-3") gets the action on
   each of them, not only the first (``nodes.playbooks.support_request_steps``).
3. "Did we already email her?" asks what the record shows: the engagement history, with
   the date of the last touch, not a new email (``adapters.offline.question_kind``).
4. An upset attendee asking for someone senior in Spanish, French or German is escalated
   as in English (``domain.support.signals``, ``prompts/offline_triggers.md``).
5. A son, daughter or child in Spanish, French or German finds the children's article
   (``domain.support.kb_glossary``).
6. "Ping" a person at a company is the slang for writing to them (``send_email``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from adapters.offline.answers import queued_arguments
from adapters.offline.derived_values import derived_values
from adapters.offline.entities import Catalog, Entity
from adapters.offline.question_kind import KIND_WEIGHT, kind_bonus, question_kinds
from adapters.offline.text import normal
from adapters.services import Services
from domain.support.kb_glossary import english_terms
from domain.support.signals import EscalationReason, detect_escalation_signals
from nodes.routing.classifier import training_examples
from nodes.routing.text import normalise
from tests.supervisor_helpers import Graph, State, actions


@pytest.fixture
def graph(make_services: Callable[..., Services]) -> Graph:
    return Graph(make_services(None), "quality-l")  # None: the model the settings name (offline)


def answer(state: State) -> str:
    return str(state["messages"][-1].content)


REQUESTS = (
    "resend the confirmations for ORD-11111 and ORD-11204 please, neither buyer got one",
    "have we ever phoned anyone at Globex, or been in touch at all?",
    "has anybody written to the CMO of Initech yet",
    "Haben wir bei Globex schon jemanden kontaktiert?",
    "Zum vierten Mal schreibe ich wegen ORD-11388 und niemand reagiert. Bitte einen Vorgesetzten!",
)


def test_these_requests_are_not_training_examples() -> None:
    trained = {normalise(text) for text, _ in training_examples()}
    assert not trained & {normalise(text) for text in REQUESTS}


# 1 -------------------------------------------------------------------------------------
def _catalog() -> Catalog:
    deal = Entity("opportunity", 7, "Nova AI — Silver", {"company_id": 28})
    person = Entity("contact", 9, "Olivia Okafor", {"company_id": 3})
    return Catalog(
        tenant_id="demo",
        tenant_name="Demo",
        today=date(2026, 9, 1),
        current_event_id=3,
        entities={"opportunity": [deal], "contact": [person]},
    )


def test_a_proposed_action_names_the_deal_and_the_contact_it_acts_on() -> None:
    args = {"opportunity_id": 7, "stage": "proposal", "contact_id": 9}

    english = queued_arguments(args, "en", _catalog())
    german = queued_arguments(args, "de", _catalog())

    assert "opportunity_id=7 (Nova AI — Silver)" in english
    assert "contact_id=9 (Olivia Okafor)" in english
    assert "Nova AI — Silver" in german and "Olivia Okafor" in german


def test_an_id_the_catalog_does_not_know_is_shown_alone() -> None:
    assert queued_arguments({"opportunity_id": 99}, "en", _catalog()) == "opportunity_id=99"
    assert queued_arguments({"opportunity_id": 7}, "en") == "opportunity_id=7"


# 2 -------------------------------------------------------------------------------------
def test_every_quoted_order_gets_its_resend(graph: Graph) -> None:
    state = graph.ask(REQUESTS[0])

    resent = sorted(a["order_number"] for a in actions(state, "resend_ticket"))
    assert resent == ["ORD-11111", "ORD-11204"]


# 3 -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", REQUESTS[1:4])
def test_a_question_whether_we_already_reached_someone_is_about_history(text: str) -> None:
    assert "history" in question_kinds(normal(text))


@pytest.mark.parametrize(
    "text",
    [
        "email Globex's CMO about the Gold package",
        "have we reached the ticket goal yet?",
        "write a follow-up to Initech",
    ],
)
def test_an_ask_to_reach_someone_or_a_target_is_not_about_history(text: str) -> None:
    assert "history" not in question_kinds(normal(text))


def test_history_favours_the_engagement_record_over_sending() -> None:
    kinds = question_kinds(normal(REQUESTS[1]))
    assert kind_bonus("analyze_engagement", kinds) == KIND_WEIGHT
    assert kind_bonus("send_email", kinds) < 0
    assert kind_bonus("find_contacts", kinds) == 0


def test_the_engagement_answer_says_when_the_last_touch_was() -> None:
    result = {"last_touch": {"kind": "email", "occurred_at": "2026-07-30T15:43:00+00:00"}}
    assert derived_values("analyze_engagement", result)["last_touch_day"] == "2026-07-30"
    assert "last_touch_day" not in derived_values("analyze_engagement", {"last_touch": None})


def test_did_we_already_write_to_a_contact_reads_the_record_and_sends_nothing(
    graph: Graph,
) -> None:
    state = graph.ask(
        "has anyone already emailed Lucas Patel at Globex? no need to send him anything"
    )

    assert not actions(state, "send_email")
    text = answer(state)
    assert "Lucas Patel" in text
    assert "Last touch" in text


# 4 -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Ya es la cuarta vez que escribo por mi pedido y nadie contesta, quiero hablar con un "
        "responsable",
        "C'est scandaleux, personne ne me répond depuis une semaine",
        "Ich bin enttäuscht, niemand antwortet auf meine Mails",
    ],
)
def test_upset_wording_in_other_languages_is_a_signal(text: str) -> None:
    assert EscalationReason.UPSET_ATTENDEE in detect_escalation_signals(text)


@pytest.mark.parametrize(
    "text",
    ["¿Puedo traer a mi perro?", "Le responsable du stand arrive quand ?", "Wo ist das WLAN?"],
)
def test_plain_questions_in_other_languages_are_no_signal(text: str) -> None:
    assert detect_escalation_signals(text) == []


def test_a_german_attendee_asking_for_a_superior_is_escalated(graph: Graph) -> None:
    state = graph.ask(REQUESTS[4])

    assert [a.get("order_number") for a in actions(state, "escalate_to_human")] == ["ORD-11388"]


# 5 -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("¿Mi hija de nueve años puede entrar conmigo?", "es"),
        ("Est-ce que je peux venir avec mon fils ?", "fr"),
        ("Darf mein Kind mit zur Konferenz kommen?", "de"),
    ],
)
def test_a_child_in_other_languages_is_searched_as_children(text: str, language: Any) -> None:
    assert "children" in english_terms(text, language)


# 6 -------------------------------------------------------------------------------------
def test_ping_someone_about_a_package_proposes_an_email(graph: Graph) -> None:
    state = graph.ask("could you ping Olivia Ortega at Globex about the Bronze tier")

    assert [a.get("to") for a in actions(state, "send_email")] == ["olivia.ortega@globex.example"]
