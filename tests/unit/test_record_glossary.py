"""Budget lines and deliverables named in Spanish, French or German words (issue 9)."""

from __future__ import annotations

import time

from adapters.offline.text import tokens
from domain.record_glossary import english_words, translated_spans
from nodes.routing.record_name_index import RecordNameIndex

NAMES = {
    ("security",),
    ("catering",),
    ("marketing",),
    ("contingency",),
    ("insurance", "certificate"),
    ("vip", "transfers"),
    ("accessibility", "walkthrough"),
}


def _found(text: str) -> list[tuple[str, ...]]:
    return [key for key, _s, _e in translated_spans(tokens(text), NAMES.__contains__, 3)]


def test_spanish_french_and_german_words_name_the_english_lines() -> None:
    assert _found("¿Qué porcentaje del presupuesto de seguridad llevamos gastado?") == [
        ("security",)
    ]
    assert _found("Quelle part du budget restauration est dépensée ?") == [("catering",)]
    assert _found("Wie viel Prozent des Marketingbudgets sind weg?") == [("marketing",)]
    assert _found("how much of the Sicherheitsbudget is gone?") == [("security",)]
    assert _found("el gasto en imprevistos") == [("contingency",)]


def test_a_qualifier_after_its_noun_is_read_in_english_order() -> None:
    assert _found("who owns the 'certificado del seguro' task?") == [("insurance", "certificate")]
    assert _found("Où en est la visite d'accessibilité ?") == [("accessibility", "walkthrough")]
    assert _found("¿Quién reserva los traslados VIP?") == [("vip", "transfers")]
    assert _found("Wer kümmert sich um das Versicherungszertifikat?") == [
        ("insurance", "certificate")
    ]


def test_english_text_is_left_to_the_exact_matcher() -> None:
    assert _found("what share of the security budget is spent?") == []
    assert english_words(["the", "security", "budget"]) == [
        ("the", 0),
        ("security", 1),
        ("budget", 2),
    ]


def test_the_router_reads_a_translated_deliverable_name() -> None:
    index = RecordNameIndex.from_records(
        [("Accessibility walkthrough", "deliverable"), ("Accessibility", "kb_article")],
        common=frozenset({"visite", "pilote", "qui"}),
    )
    found = index.find("Où en est la visite d'accessibilité, et qui la pilote ?")
    assert [m.kinds for m in found] == [frozenset({"deliverable"})]


def test_long_input_stays_fast() -> None:
    words = tokens("Sicherheitsbudget versicherungszertifikat presupuesto de seguridad " * 1500)
    started = time.perf_counter()
    translated_spans(words, NAMES.__contains__, 6)
    assert time.perf_counter() - started < 1.0


ALL = NAMES | {("insurance",), ("venue",), ("coffee",), ("travel",)}


def _found_all(text: str) -> list[tuple[str, ...]]:
    return [key for key, _s, _e in translated_spans(tokens(text), ALL.__contains__, 3)]


def test_a_common_word_names_no_record_without_a_word_that_says_so() -> None:
    assert _found_all("No estoy seguro de cuánto queda del presupuesto") == []
    assert _found_all("¿Es seguro que el pago llegó?") == []
    assert _found_all("Usa la sala B en lugar de la sala A") == []
    assert _found_all("Tengo un cafe con el proveedor mañana") == []
    assert _found_all("Was kostet die Reise-Pauschale?") == []
    assert _found_all("Je prends la salle B au lieu de la salle A") == [("venue",), ("venue",)]


def test_an_ambiguous_word_beside_a_budget_word_still_names_the_line() -> None:
    assert _found_all("¿Cuánto queda del presupuesto del lugar?") == [("venue",)]
    assert _found_all("la línea de seguro del presupuesto") == [("insurance",)]
    assert _found_all("Wie hoch ist das Reisebudget?") == [("travel",)]
    assert _found("who owns the 'certificado del seguro' task?") == [("insurance", "certificate")]
