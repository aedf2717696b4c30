"""The support reply speaks the attendee's language and states the order's own figures."""

from __future__ import annotations

from typing import Any

from adapters.offline.writing_mode import render_writing
from evals.e2e_checks import contains_fact, detect_language
from nodes.playbooks.support_answer import answer_facts

ORDER: dict[str, Any] = {
    "order_number": "ORD-10488",
    "status": "paid",
    "ticket_type": "Standard",
    "quantity": 2,
    "amount": 698.0,
    "buyer_name": "Ines Dimitrov",
    "ticket_codes": ["T-1", "T-2"],
    "refunded_total": 0,
    "refundable_now": 698.0,
    "refund_rule": "full",
    "refund_explanation": "full refund: requested 40 day(s) before the event",
}
REFUND = {
    "tool": "process_refund",
    "summary": "Refund $698.00 on ORD-10488 (full refund)",
    "facts": {},
}


def _reply(text: str, category: str, actions: list[Any]) -> str:
    decision = {
        "order": ORDER,
        "escalation_reasons": [],
        "next_steps": ["The refund goes to the original payment once a person approves it."],
    }
    facts = answer_facts(text, {"category": category}, [], decision, actions)
    return render_writing("support_answer", facts)


def test_a_french_refund_request_gets_a_french_reply_with_the_amount() -> None:
    reply = _reply(
        "Bonjour, je voudrais être remboursé pour la commande ORD-10488", "refund", [REFUND]
    )
    assert detect_language(reply) == "fr"
    assert contains_fact(reply, "698")
    assert "ORD-10488" in reply


def test_a_german_question_about_an_order_names_buyer_and_amount() -> None:
    reply = _reply("Was ist mit meiner Bestellung ORD-10488 los? Das Ticket fehlt", "resend", [])
    assert detect_language(reply) == "de"
    assert "Ines Dimitrov" in reply
    assert contains_fact(reply, "698")


def test_an_english_lookup_names_buyer_amount_and_refundable_sum() -> None:
    refund = _reply("refund ORD-10488 please", "refund", [REFUND])
    assert detect_language(refund) == "en"
    assert "$698.00 is refundable today" in refund
    other = _reply("what's on ORD-10488?", "general", [])
    assert "bought by Ines Dimitrov" in other


def test_a_refund_reply_says_what_was_bought() -> None:
    # "refund it - which ticket was it?": the refund reply names quantity and ticket type
    english = _reply("Refund ORD-10488, which ticket was it?", "refund", [REFUND])
    assert "2 x Standard" in english
    german = _reply("Erstatte ORD-10488 bitte, welches Ticket war das?", "refund", [REFUND])
    assert "2 x Standard" in german
