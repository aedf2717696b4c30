"""Issue 9, pattern 4: the phrases the offline model builds in code follow the request's
language: tool names, what a clarifying question asks for, the period a figure covers,
and a list's "and". Requests and results of my own.
"""

from __future__ import annotations

from datetime import date

import pytest

from adapters.offline.answers import (
    CallOutcome,
    final_answer,
    missing_question,
    no_tool_answer,
    period,
    tool_label,
)
from adapters.offline.dates import date_range
from adapters.offline.text import fold

TODAY = date(2026, 9, 1)  # a Tuesday
AUGUST = {
    "event": "Summit",
    "metric": "tickets_sold",
    "total": 12,
    "unit": "tickets",
    "date_from": "2026-08-01",
    "date_to": "2026-08-31",
    "row_count": 1,
    "rows": [],
}


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "from 2026-08-01 to 2026-08-31"),
        ("es", "del 2026-08-01 al 2026-08-31"),
        ("fr", "du 2026-08-01 au 2026-08-31"),
        ("de", "vom 2026-08-01 bis 2026-08-31"),
    ],
)
def test_the_period_is_stated_in_the_request_language(language: str, words: str) -> None:
    assert period(AUGUST, language) == words
    answer = final_answer([CallOutcome("query_database", {}, AUGUST)], language=language)
    assert words in answer


def test_open_bounds_and_as_of_dates_are_translated_too() -> None:
    assert period({"date_from": None, "date_to": None}, "de") == "alles bisher Erfasste"
    assert period({"as_of": "2026-09-01"}, "fr") == "au 2026-09-01"
    assert period({"date_from": "2026-08-03"}, "es") == "desde el 2026-08-03"


def test_a_clarifying_question_is_all_in_spanish() -> None:
    question = missing_question("process_refund", ["order_number"], "es")
    assert question == (
        "Para el reembolso necesito el número de pedido (como ORD-10501). ¿Me lo puedes indicar?"
    )
    assert "the " not in question


def test_every_tool_has_a_label_in_each_language() -> None:
    import tools  # noqa: F401  (registers every tool)
    from tools.registry import tools_for

    names = {
        t.name
        for d in ("sales", "marketing", "operations", "support", "analytics", "research")
        for t in tools_for(d)
    }
    for language in ("es", "fr", "de"):
        untranslated = {n for n in names if tool_label(n, language) == n.replace("_", " ")}
        assert not untranslated, (language, untranslated)


def test_the_list_of_capabilities_joins_with_the_language_and() -> None:
    german = no_tool_answer(["process_refund", "lookup_ticket"], "de")
    assert "die Erstattung und die Bestellsuche" in german
    assert " and " not in german


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (
            "Wie viele Tickets haben wir letzte Woche verkauft?",
            date(2026, 8, 24),
            date(2026, 8, 30),
        ),
        ("Umsatz im vergangenen Monat", date(2026, 8, 1), date(2026, 8, 31)),
        ("Bestellungen diese Woche", date(2026, 8, 31), TODAY),
    ],
)
def test_german_periods_are_understood(text: str, start: date, end: date) -> None:
    assert date_range(fold(text), TODAY) == (start, end)
