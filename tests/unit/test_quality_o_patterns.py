"""General fixes found with end-to-end dev set o (support and marketing), each pinned by
requests of my own. None of these requests is in an eval set or the router's training file.

1. A hedged ask to be told ("it'd be good if someone checked whether...", "might be worth
   looking at why...") and a wish to know ("I wonder which...", "I'd like to know
   whether...") only ask a question; so does a question beside a sentence that only rules
   an action out ("¿Cuántos...? No cambies nada") (``domain.question_mood``).
2. Escalation ruled out as a noun ("Keine Eskalation nötig", "sin escalado") and scheduling
   ruled out ("don't schedule it", "nicht einplanen") withhold their actions; "just tell
   me" rules out creating a campaign too (``domain.negation``).
3. A question reported for someone ("an attendee wants to know if...", "someone is asking
   what happens...", "ein Teilnehmer fragt, ob...") is a question, so the knowledge base
   answers it when no tool fits (``adapters.offline.question_fallback``).
4. A knowledge-base snippet keeps every sentence that mentions the question's words while
   they fit, matching inflections ("postponing" / "postpone") (``domain.support.kb_search``).
5. A campaign's answer states its funnel in es/fr/de and the budget left; the campaign
   overview states each email campaign's open rate (``adapters.offline.derived_values``).
6. "Never arrived" in es/fr/de asks for a resend, "pasarle su entrada a..." for a transfer,
   and "the newsletter ought to go out again" for a send (``prompts/offline_triggers.md``).
7. An order lookup states the buyer's email ("which address did it go to?").
8. An attendee's reported question ("an attendee is asking", "ein Teilnehmer fragt") and
   a few attendee topics in es/fr/de are support's words to the router.
"""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.derived_values import derived_values
from adapters.offline.planner import make_plan
from adapters.offline.question_fallback import is_question, knowledge_fallback
from adapters.offline.request import Request
from domain.language import detect_language
from domain.negation import withheld_actions, withheld_tools
from domain.question_mood import asks_for_information
from domain.support.kb_search import snippet
from nodes.playbooks.support_answer import order_text
from nodes.routing.lexicon import keyword_positions
from tests.offline_pickers import department_picker


def _plan(department: str, text: str) -> list[str]:
    return make_plan(department_picker(department), Request(text, None, date(2026, 9, 1))).steps


# 1 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "it would be great if somebody checked whether ORD-10444 was ever refunded",
        "probably worth looking at why the newsletter clicks dropped",
        "someone should find out if the venue has a cloakroom",
        "I'd like to know which campaign brought in the most tickets",
        "I was wondering how the retargeting emails compare with the newsletter",
        "Je me demande si la campagne LinkedIn rapporte quelque chose",
        "¿Cuántas entradas VIP quedan? No envíes nada.",
        "What did the speaker emails cost us? Don't change anything yet.",
    ],
)
def test_hedged_asks_and_wishes_to_know_are_questions(text: str) -> None:
    assert asks_for_information(text)


@pytest.mark.parametrize(
    "text",
    [
        "it would be great if you could send the newsletter today",  # a polite command
        "how much is left on ORD-10444? don't refund yet, escalate it",  # acts after the comma
        "What's the open rate? No, send it to the VPs.",  # "No," does not rule the send out
        "someone should email the caterer",
    ],
)
def test_commands_beside_or_inside_hedges_are_not_questions(text: str) -> None:
    assert not asks_for_information(text)


# 2 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("Keine Eskalation, bitte nur die Bestellung prüfen", "escalate"),
        ("sin escalado: solo mira el pedido", "escalate"),
        ("draft a tweet about the keynote (don't schedule it)", "post"),
        ("Schreib einen Beitrag, aber nicht einplanen", "post"),
    ],
)
def test_ruled_out_nouns_and_scheduling_are_withheld(text: str, action: str) -> None:
    assert action in withheld_actions(text)


def test_a_requested_escalation_noun_withholds_nothing() -> None:
    assert withheld_actions("Bitte um Eskalation an den Vorgesetzten") == frozenset()


def test_just_tell_me_rules_out_creating_a_campaign() -> None:
    assert "create_campaign" in withheld_tools("no campaign changes, just tell me the spend")
    assert "create_campaign" not in withheld_tools("create a campaign for the VIP dinner")


# 3 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a guest says her son is twelve and wants to know if he can come in alone",
        "somebody is asking what happens to tickets if the summit moves to November",
        "two buyers have asked whether the badge can be picked up the day before",
        "Eine Teilnehmerin fragt, ob es eine Garderobe gibt",
        "Un participant demande si le déjeuner est compris",
    ],
)
def test_reported_questions_fall_back_to_the_knowledge_base(text: str) -> None:
    assert is_question(text)
    assert knowledge_fallback({"search_knowledge_base"}, text, matched=False)


@pytest.mark.parametrize(
    "text",
    [
        "the buyer says she lost her badge, reissue it",  # says, not asks
        "ask the caterer about vegan options",  # an instruction to ask someone
    ],
)
def test_statements_and_instructions_are_not_reported_questions(text: str) -> None:
    assert not is_question(text)


# 4 -----------------------------------------------------------------------------------


def test_snippet_keeps_every_sentence_that_answers_while_it_fits() -> None:
    body = "Coffee is served all day. Halal and kosher meals are labelled. Doors open at 8."
    text = snippet(body, ["coffee", "halal"])
    assert text == "Coffee is served all day. Halal and kosher meals are labelled."


def test_snippet_matches_inflected_words() -> None:
    body = "We refund cancelled events. If we postpone, tickets stay valid for the new dates."
    assert "new dates" in snippet(body, ["postponing"])


def test_snippet_alone_over_the_limit_is_cut() -> None:
    assert snippet("parking " * 50, ["parking"], limit=30).endswith("…")


# 5 -----------------------------------------------------------------------------------

_CAMPAIGN = {
    "campaign": {"budget": 5000, "name": "Autumn push"},
    "economics": {"spend": 1234.5},
    "totals": {"sent": 900, "delivered": 880, "opens": 300, "clicks": 40, "conversions": 3},
}


def test_funnel_is_written_in_the_answer_language() -> None:
    values = derived_values("analyze_campaign", _CAMPAIGN, language="es")
    assert (
        values["funnel"] == "900 enviados, 880 entregados, 300 abiertos, 40 clics, 3 conversiones"
    )


def test_budget_left_is_budget_less_spend_to_date() -> None:
    assert derived_values("analyze_campaign", _CAMPAIGN)["budget_left"] == "3,765.50"
    whole = {**_CAMPAIGN, "economics": {"spend": 1000}}
    assert derived_values("analyze_campaign", whole)["budget_left"] == "4,000"


def test_campaign_overview_states_open_rates_where_there_are_any() -> None:
    result = {"campaigns": [{"rates": {"open_rate": 0.412}}, {"rates": {"open_rate": None}}]}
    values = derived_values("monitor_metrics", result)
    assert values["campaigns_0_open_part"] == "open 41.2%, "
    assert values["campaigns_1_open_part"] == ""


# 6 -----------------------------------------------------------------------------------


_INDIRECT = [
    (
        "support",
        "El cliente del pedido ORD-10420 dice que no le llegaron los billetes",
        "resend_ticket",
    ),
    ("support", "Pour la commande ORD-10420, le billet n'est jamais arrivé", "resend_ticket"),
    ("support", "Bei ORD-10420 ist das Ticket nie angekommen", "resend_ticket"),
    (
        "support",
        "La compradora de ORD-10420 quiere cederle su entrada a Ana Ruiz (ana.ruiz@example.org)",
        "transfer_ticket",
    ),
    ("marketing", "the spotlight email needs to go out again to VPs", "send_email_campaign"),
    ("support", "Busca en la base de conocimiento qué pasa con los niños", "search_knowledge_base"),
    ("support", "Schau in der Wissensdatenbank nach Fundsachen", "search_knowledge_base"),
]


@pytest.mark.parametrize(("department", "text", "tool"), _INDIRECT)
def test_indirect_resends_transfers_and_sends_find_their_tool(
    department: str, text: str, tool: str
) -> None:
    assert tool in _plan(department, text)


def test_french_question_with_few_function_words_reads_as_french() -> None:
    assert detect_language("Quelqu'un pourrait regarder pourquoi les ventes VIP baissent ?") == "fr"


# 7 -----------------------------------------------------------------------------------


def test_order_lookup_states_the_buyer_email() -> None:
    order = {
        "order_number": "ORD-10420",
        "quantity": 1,
        "ticket_type": "VIP",
        "amount": 1250,
        "status": "paid",
        "buyer_name": "Ada Park",
        "buyer_email": "ada.park@example.org",
    }
    assert "Ada Park (ada.park@example.org)" in order_text("resend", order)


# 8 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "an attendee is asking about the cloakroom",
        "ein Teilnehmer fragt nach der Garderobe",
        "una asistente pregunta por el guardarropa",
        "where do people find the stream link?",
    ],
)
def test_reported_attendee_questions_are_support_words(text: str) -> None:
    assert "support" in keyword_positions(text)


def test_lookup_answer_names_the_buyer_email_and_keeps_the_line_without_one() -> None:
    with_email = {"orders": [{"buyer": {"name": "Ada Park", "email": "ada.park@example.org"}}]}
    without = {"orders": [{"buyer": {"name": "Ada Park", "email": None}}]}
    assert derived_values("lookup_ticket", with_email) == {
        "orders_0_buyer_email_part": " (ada.park@example.org)"
    }
    assert derived_values("lookup_ticket", without) == {"orders_0_buyer_email_part": ""}
