"""The policy's reasons and the action words in every reply language (issue 9, item 3)."""

from __future__ import annotations

from decimal import Decimal
from string import Template

import pytest

from domain import action_words
from domain.policy.decision import Reason
from domain.policy.wording import TERMS, WORDING, dollars, joined, phrase, term, worded
from nodes.answer_frame import KEY_ARGS, reason_text
from tools.registry import REGISTRY

NB = "\u00a0"
TRANSLATED = ("es", "fr", "de")


def _placeholders(text: str) -> set[str]:
    return set(Template(text).get_identifiers())


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_reason_is_worded_in_each_language_with_the_same_values(language: str) -> None:
    table = WORDING[language]
    assert set(table) == set(WORDING["en"])
    for key, english in WORDING["en"].items():
        assert _placeholders(table[key]) == _placeholders(english), (language, key)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_term_has_a_word(language: str) -> None:
    codes = {"full", "partial", "none", "safety", "security", "legal", "read", "draft"}
    assert codes | {"external", "current_stage"} <= set(TERMS[language])


def test_amounts_are_written_as_the_reader_writes_them() -> None:
    values = {"amount": dollars(Decimal("1250")), "limit": dollars(Decimal("500"))}
    assert worded("refund_over_limit", values) == "Refund of $1,250.00 is above the $500.00 limit"
    assert worded("refund_over_limit", values, "es") == (
        f"el reembolso de 1250,00{NB}$ supera el límite de 500,00{NB}$"
    )
    assert worded("refund_over_limit", values, "fr") == (
        f"le remboursement de 1\u202f250,00{NB}$ dépasse la limite de 500,00{NB}$"
    )
    assert worded("refund_over_limit", values, "de") == (
        f"die Erstattung von 1.250,00{NB}$ liegt über dem Limit von 500,00{NB}$"
    )


def test_nested_phrases_terms_and_lists_are_worded_in_the_same_language() -> None:
    deal = {"which": phrase("new_deal_value"), "value": dollars(75000), "limit": dollars(50000)}
    assert worded("deal_over_limit", deal) == (
        "New deal value of $75,000.00 is above the $50,000.00 limit"
    )
    assert worded("deal_over_limit", deal, "de") == (
        f"der neue Wert der Opportunity von 75.000,00{NB}$ liegt über dem Limit von 50.000,00{NB}$"
    )
    topics = {"topics": joined(" / ", [term("safety"), term("legal")])}
    assert worded("sensitive_topic", topics) == (
        "The request raises a safety / legal question; a human answers it"
    )
    assert "seguridad / derecho" in worded("sensitive_topic", topics, "es")
    overrun = phrase("budget_overrun", category="AV", overrun={"pct": 12.5}, critical={"pct": 10})
    assert worded("ops_critical", {"findings": joined("; ", [overrun])}, "fr") == (
        f"problème opérationnel critique : la ligne budgétaire 'AV' dépasse le prévu de "
        f"12,5{NB}% (critique au-delà de 10,0{NB}%)"
    )


def test_a_reason_keeps_its_wording_through_json_and_reads_in_the_reply_language() -> None:
    reason = Reason.worded(
        "refund_exceeds_refundable",
        amount=dollars(900),
        remaining=dollars(349),
        order="ORD-10501",
        rule=term("full"),
    )
    assert reason.message == (
        "Refund of $900.00 exceeds the $349.00 still refundable on ORD-10501 "
        "(the event's full refund rule)"
    )
    stored = reason.as_json()
    assert stored["wording"] == "refund_exceeds_refundable"
    assert reason_text(stored) == reason.message
    german = reason_text(stored, "de")
    assert "349,00" in german and "ORD-10501" in german and "vollständig" in german
    assert "Refund" not in german
    # A reason recorded without its wording (an invalid action) stays as recorded.
    assert reason_text({"rule": "invalid_action", "message": "no such order"}, "es") == (
        "no such order"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_tool_and_quoted_argument_has_words(language: str) -> None:
    for tool in REGISTRY:
        assert action_words.tool_label(tool, language) != tool.replace("_", " "), tool
    for name in KEY_ARGS:
        assert action_words.argument_label(name, language) != name, name


def test_english_action_names_stay_as_the_tools_spell_them() -> None:
    assert action_words.action_name("process_refund", "en") == "process_refund"
    assert action_words.action_name("process_refund", "es") == "El reembolso"
    assert action_words.argument_label("order_number", "en") == "order_number"
    assert action_words.argument_value("amount", 400, "fr") == f"400,00{NB}$"
    assert action_words.argument_value("amount", 400, "en") == "$400.00"
    assert action_words.argument_value("order_number", "ORD-1", "de") == "ORD-1"


def test_a_proposed_action_is_summarised_in_the_reply_language() -> None:
    refund = {
        "tool": "process_refund",
        "args": {"order_number": "ORD-10500", "amount": 1250.0, "reason": "x"},
        "summary": "Refund $1,250.00 on ORD-10500 (full refund)",
    }
    assert action_words.action_summary(refund, "en") == refund["summary"]
    assert action_words.action_summary(refund, "es") == (
        f"reembolso de 1250,00{NB}$ del pedido ORD-10500"
    )
    assert action_words.action_summary(refund, "de") == (
        f"Erstattung von 1.250,00{NB}$ für die Bestellung ORD-10500"
    )
    # Without an amount the next template fits; a tool with none is named by its words.
    whole = {**refund, "args": {"order_number": "ORD-10500"}}
    assert action_words.action_summary(whole, "fr") == "remboursement de la commande ORD-10500"
    enrich = {"tool": "enrich_lead", "args": {"company_id": 3}, "summary": "enrich_lead"}
    assert action_words.action_summary(enrich, "es") == (
        "el enriquecimiento del contacto (empresa n.º 3)"
    )


def test_the_external_default_names_the_tool_in_the_reply_language() -> None:
    reason = Reason.worded("external_default", tool={"tool": "send_email"})
    assert "(send_email reaches someone outside)" in reason.message
    assert "(el envío del correo llega a alguien de fuera)" in reason_text(reason.as_json(), "es")
