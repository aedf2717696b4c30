"""Recommended actions' titles in the request's language (issue 9).

A Spanish, French or German request for advice got English action titles ("Close the
ticket gap...") inside an otherwise translated reply. Each rule now names its action by
a stable id; the reply reads the title from that language's table, with the rule's
figures written the language's way, while the tool result keeps its data (English
titles, ids, numbers) as it was. Sentences are my own, not from any eval set.
"""

from __future__ import annotations

import copy
import re
from string import Template
from typing import Any

import pytest

from adapters.offline.answers import CallOutcome, final_answer
from domain.analytics.action_titles import localised_title, owner_word, title, titled
from domain.analytics.recommendations import recommend_actions
from domain.language import detect_language
from domain.scope import Scope
from prompts.loader import template_sections

SAMPLE_VALUES: dict[str, dict[str, Any]] = {
    "ticket_gap": {"gap": 1240},
    "sell_out": {},
    "series_spike": {"series": "refunds", "day": "2026-03-14"},
    "series_drop": {"series": "traffic_sessions", "day": "2026-03-15"},
    "subject_test": {"campaign": "Spring Pass"},
    "new_cta": {"campaign": "Spring Pass"},
    "scale_campaign": {"campaign": "Spring Pass"},
    "over_budget_campaign": {"campaign": "Spring Pass"},
    "refresh_creative": {"campaign": "Spring Pass"},
    "budget_overrun": {"category": "Catering", "over_pct": 12.5},
    "budget_spent": {"spent": 93.4, "days": 41},
    "overdue_deliverables": {"count": 3},
    "blocked_deliverables": {"count": 2},
    "vendor_confirm": {"vendor": "Lisbon Lights", "service": "lighting"},
    "close_sponsorships": {"count": 6},
}
WRITTEN = {
    "es": {1240: "1240", 12.5: "12,5", 93.4: "93,4"},
    "fr": {1240: "1\u202f240", 12.5: "12,5", 93.4: "93,4"},
    "de": {1240: "1.240", 12.5: "12,5", 93.4: "93,4"},
}
SHARED_WORDS = {"budget", "marketing", "tickets", "test", "plan"}
"""Words the translations rightly share with English (French and German "budget",
Spanish "test A/B", German "über Plan")."""
ENGLISH_TITLE_WORDS = re.compile(
    r"\b(?:Investigate|Close the|forecast|short of target|overrun|over plan|Clear|overdue|"
    r"Unblock|blocked|to confirm|Scale|raise its budget|Write a new|subject lines|"
    r"Review spending|sponsorship deals|Refresh|Rein in|sell-out|operations|sales)\b"
)


def _table(language: str) -> dict[str, str]:
    block = template_sections("action_titles")[language]
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in block.splitlines())}


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]{3,}", text)}


def test_every_rule_has_a_title_in_every_language_with_the_same_slots() -> None:
    english = _table("en")
    assert set(english) == set(SAMPLE_VALUES)
    for language in ("es", "fr", "de"):
        table = _table(language)
        assert set(table) == set(english), language
        for rule, text in english.items():
            slots = set(Template(text).get_identifiers())
            assert set(Template(table[rule]).get_identifiers()) == slots, (language, rule)


@pytest.mark.parametrize("language", ["es", "fr", "de"])
def test_each_title_keeps_its_figures_and_drops_the_english_words(language: str) -> None:
    for rule, values in SAMPLE_VALUES.items():
        action = titled(rule, **values)
        english = action["title"]
        text = localised_title(action, language)
        assert text != english, (language, rule)
        slot_words = {w for v in values.values() for w in _words(str(v))}
        leftover = (_words(english) & _words(text)) - SHARED_WORDS - slot_words
        assert not leftover, (language, rule, text)
        for value in values.values():
            if isinstance(value, (int, float)):
                assert WRITTEN[language].get(value, str(value)) in text, (language, rule, text)
            elif value != "traffic_sessions" and value != "refunds":
                assert str(value) in text, (language, rule, text)


def test_english_titles_read_as_before_and_unknown_rules_keep_their_title() -> None:
    assert titled("ticket_gap", gap=1240)["title"] == (
        "Close the ticket gap: forecast is 1,240 tickets short of target"
    )
    assert title("budget_overrun", {"category": "AV", "over_pct": 15.0}) == (
        "Contain the overrun on AV (15.0% over plan)"
    )
    assert title("series_drop", {"series": "checkout_starts", "day": "2026-02-02"}) == (
        "Investigate the drop in checkout starts on 2026-02-02"
    )
    legacy = {"title": "Call the venue", "owner": "operations"}
    assert localised_title(legacy, "de") == "Call the venue"
    assert owner_word("sales", "fr") == "ventes"
    assert owner_word("sales", "en") == "sales"


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("¿Qué nos aconsejas priorizar esta semana para el congreso?", "es"),
        ("Quelles mesures nous conseilles-tu pour le salon cette semaine ?", "fr"),
        ("Welche Schritte sollten wir diese Woche für die Konferenz angehen?", "de"),
    ],
)
def test_advice_in_another_language_gets_translated_titles_and_the_same_numbers(
    sqlite_scope: Scope, sentence: str, language: str
) -> None:
    assert detect_language(sentence) == language
    result = recommend_actions(sqlite_scope)
    kept = copy.deepcopy(result)
    english = final_answer([CallOutcome("recommend_actions", {}, result)])
    text = final_answer([CallOutcome("recommend_actions", {}, result)], language=language)
    assert result == kept  # the tool's data is not touched by the reply
    assert ENGLISH_TITLE_WORDS.search(english)
    assert not ENGLISH_TITLE_WORDS.search(text), text
    for action in result["actions"][:3]:
        assert action["rule"]
        assert localised_title(action, language) in text
        for value in action["title_values"].values():
            if isinstance(value, int):
                assert str(value) in text.replace(".", "").replace("\u202f", "")
