"""Questions no tool fits go to the knowledge base, in any of the four languages."""

from __future__ import annotations

import pytest

from adapters.offline.question_fallback import about_an_order, is_question, knowledge_fallback
from domain.support.kb_glossary import english_terms
from domain.support.kb_search import Article, KnowledgeIndex
from nodes.routing.plan import analyse_request

BOUND = frozenset({"search_knowledge_base", "lookup_ticket", "process_refund"})


@pytest.mark.parametrize(
    "text",
    [
        "¿Se puede llevar a los niños al evento?",
        "Y a-t-il du wifi sur place ?",
        "Wann gibt es die Aufzeichnungen der Vorträge?",
    ],
)
def test_an_unmatched_question_in_any_language_falls_back(text: str) -> None:
    assert knowledge_fallback(BOUND, text, matched=False)


def test_a_matched_tool_keeps_its_clarifying_question_when_the_user_asks_about_an_order() -> None:
    assert about_an_order("Where is my ticket? I bought two")
    assert not knowledge_fallback(BOUND, "Where is my ticket? I bought two", matched=True)
    assert knowledge_fallback(BOUND, "do student tickets need an ID?", matched=True)


def test_commands_and_departments_without_a_knowledge_base_do_not_fall_back() -> None:
    assert not is_question("Refund the Initech order")
    assert not knowledge_fallback(BOUND, "Refund the Initech order", matched=False)
    assert not knowledge_fallback(frozenset({"lookup_ticket"}), "is there parking?", matched=False)


def test_non_english_words_find_the_english_article() -> None:
    assert "discount" in english_terms("¿Hay descuentos para estudiantes?")
    assert "parking" in english_terms("Gibt es Parkplätze am Veranstaltungsort?")
    assert english_terms("Is there a student discount?") == ""  # English is left alone
    articles = [
        Article(1, "parking", "Parking", "The car park has 300 spaces.", "faq", ("parking",)),
        Article(2, "wifi", "Wi-Fi", "Free Wi-Fi everywhere.", "faq", ("wifi", "internet")),
        Article(3, "visa", "Visa letters", "Ask from your order page.", "faq", ("visa",)),
    ]
    hits = KnowledgeIndex(articles).search("¿Dónde se puede aparcar el coche?")
    assert hits and hits[0]["title"] == "Parking"


def test_questions_about_bringing_family_route_to_support() -> None:
    assert analyse_request("Are children allowed in the expo hall?").agents == ["support"]
