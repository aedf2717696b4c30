"""The analytics report's key insights in the request's language (issue 9).

A Spanish, French or German request for the daily report got its insight lines
("Tickets: forecast ...", "Revenue: ...", "Anomaly: ...") in English inside an otherwise
translated reply. Each insight now has a stable id and the values it shows; the reply reads
the line from that language's table with the same figures written the language's way, and
the tool result keeps its English lines. Sentences are my own, not from any eval set.
"""

from __future__ import annotations

import copy
import re
from string import Template
from typing import Any

import pytest

from adapters.offline.answers import CallOutcome, final_answer
from domain.analytics.action_titles import titled
from domain.analytics.insight_lines import line, localised_line
from domain.analytics.recommendations import rank_actions
from domain.analytics.report import build_report, insight_items, key_insights
from domain.analytics.snapshot import take_snapshot
from domain.language import detect_language
from domain.scope import Scope
from prompts.loader import template_sections

SAMPLES: dict[str, dict[str, Any]] = {
    "tickets": {
        "point": 4180,
        "low": 3905,
        "high": 4460,
        "target": 5000,
        "gap": -820,
        "chance": 3.4,
        "days": 27,
    },
    "tickets_final": {"point": 2210, "target": 2000, "gap": 210},
    "revenue": {"net": 512345.6, "projected": 1234567.0, "vs_target": -7.5},
    "anomaly": {
        "value": 57,
        "series": "refunds",
        "day": "2026-05-02",
        "expected": 8.25,
        "direction": "spike",
        "z": 6.43,
    },
    "marketing": {"converting": [{"campaign": "Harbour Pass", "rate": 0.0612}], "weak": ["Q3"]},
    "critical": {"actions": [titled("overdue_deliverables", count=4)]},
    "sponsors": {"signed": 7, "amount": 86500.0, "pipeline": 142250.0},
    "audience": {"attendees": 3120, "industry": "Healthcare", "pct": 18.5},
}
ENGLISH = {
    "tickets": "Tickets: forecast 4,180 (80% 3,905-4,460) against a target of 5,000 (-820; "
    "3% chance of reaching it) with 27 days to go.",
    "tickets_final": "Tickets: final 2,210 against a target of 2,000 (+210).",
    "revenue": "Revenue: $512,346 net so far, projected $1,234,567 (-7.5% vs target).",
    "anomaly": "Anomaly: 57 refunds on 2026-05-02 against about 8.2 expected (spike, z 6.4).",
    "marketing": "Marketing: Harbour Pass converts 6.1% (scale it); Q3 is below the open/click "
    "thresholds.",
    "critical": "1 critical item(s): Clear 4 overdue deliverable(s).",
    "sponsors": "Sponsors: 7 signed ($86,500); open pipeline $142,250 probability-weighted.",
    "audience": "Audience: 3,120 ticket holders, led by Healthcare (18.5%).",
}
FIGURES = {
    "es": ["4180", "3905-4460", "5000", "-820", "512.346", "1.234.567", "-7,5", "8,2", "6,1"],
    "fr": ["4\u202f180", "-820", "512\u202f346", "1\u202f234\u202f567", "-7,5", "8,2", "6,1"],
    "de": ["4.180", "3.905-4.460", "5.000", "-820", "512.346", "1.234.567", "-7,5", "8,2"],
}
"""Figures each language writes from SAMPLES (the same digits as the English line)."""
ENGLISH_INSIGHT_WORDS = re.compile(
    r"\b(?:forecast|against a target|chance of reaching|days to go|Revenue|net so far|"
    r"projected|vs target|Anomaly|expected|converts|scale it|below the|thresholds|"
    r"critical item|Sponsors|signed|open pipeline|probability-weighted|Audience|"
    r"ticket holders|led by|final|spike)\b"
)
NAMES = {"harbour", "pass", "healthcare", "refunds"}
SHARED_WORDS = {"tickets", "marketing"}
"""Words the translations rightly share with English (German "Tickets", "Marketing")."""


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]{3,}", text)}


def _table(language: str) -> dict[str, str]:
    block = template_sections("insight_lines")[language]
    return {k.strip(): v.strip() for k, v in (ln.split(":", 1) for ln in block.splitlines())}


def test_every_insight_has_a_line_in_every_language_with_the_same_slots() -> None:
    english = _table("en")
    for language in ("es", "fr", "de"):
        table = _table(language)
        assert set(table) == set(english), language
        for insight, text in english.items():
            slots = set(Template(text).get_identifiers())
            assert set(Template(table[insight]).get_identifiers()) == slots, (language, insight)


def test_english_lines_read_as_the_report_always_wrote_them() -> None:
    for insight, values in SAMPLES.items():
        assert line(insight, values) == ENGLISH[insight], insight
    assert localised_line({"insight": "no_such_insight"}, "fr") is None


@pytest.mark.parametrize("language", ["es", "fr", "de"])
def test_each_line_drops_the_english_words_and_keeps_the_figures(language: str) -> None:
    written = " ".join(line(insight, values, language) for insight, values in SAMPLES.items())
    assert not ENGLISH_INSIGHT_WORDS.search(written), written
    english = " ".join(ENGLISH.values())
    assert not (_words(english) & _words(written)) - NAMES - SHARED_WORDS, written
    for figure in FIGURES[language]:
        assert figure in written, (language, figure, written)
    for kept in ("Harbour Pass", "Healthcare", "Q3", "2026-05-02", "27"):
        assert kept in written


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("¿Me preparas el informe de hoy sobre cómo va la conferencia?", "es"),
        ("Peux-tu me sortir le rapport du jour sur l'état de la conférence ?", "fr"),
        ("Kannst du mir den heutigen Bericht zur Lage der Konferenz geben?", "de"),
    ],
)
def test_daily_report_in_another_language_has_translated_insights_and_the_same_numbers(
    sqlite_scope: Scope, sentence: str, language: str
) -> None:
    assert detect_language(sentence) == language
    report = build_report(sqlite_scope)
    result = {"markdown": "", **{k: v for k, v in report.items() if k != "sections"}}
    kept = copy.deepcopy(result)
    english = final_answer([CallOutcome("generate_report", {}, result)])
    text = final_answer([CallOutcome("generate_report", {}, result)], language=language)
    assert result == kept  # the tool's data is not touched by the reply
    assert ENGLISH_INSIGHT_WORDS.search(english)
    for index, item in enumerate(result["insight_lines"][:3]):
        assert result["insights"][index] in english
        translated = localised_line(item, language)
        assert translated and translated in text
        assert not ENGLISH_INSIGHT_WORDS.search(translated), translated
        digits = re.findall(r"\d", result["insights"][index])
        assert re.findall(r"\d", translated) == digits, (translated, result["insights"][index])


def test_the_result_keeps_its_english_insights(sqlite_scope: Scope) -> None:
    snapshot = take_snapshot(sqlite_scope, None)
    actions = rank_actions(snapshot)
    items = insight_items(snapshot, actions)
    first_two = [x["insight"] for x in items][:2]
    assert first_two in (["tickets", "revenue"], ["tickets_final", "revenue"])
    assert key_insights(snapshot, actions) == [line(x["insight"], x["values"]) for x in items]
