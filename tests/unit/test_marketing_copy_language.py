"""Marketing copy in es/fr/de: the templates say the same facts as the English ones, and
the words around the facts (dates, lists, early-bird line) are the language's own."""

from __future__ import annotations

import re
from datetime import date
from importlib import resources

import pytest

from domain.marketing.content import KINDS
from domain.marketing.copy_language import copy_language, date_range, join, phrase
from domain.marketing.templates import ANGLES, parse

TRANSLATED = ("es", "fr", "de")
_SLOT = re.compile(r"\{(\w+)\}")


def _blocks(kind: str, language: str) -> dict[str, tuple[str, str]]:
    suffix = "" if language == "en" else f"_{language}"
    path = resources.files("prompts") / f"marketing_{kind}{suffix}.md"
    return {a: (t.title, t.body) for a, t in parse(path.read_text(encoding="utf-8")).items()}


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("kind", KINDS)
def test_each_translated_template_has_every_angle_with_the_english_facts(
    kind: str, language: str
) -> None:
    english, translated = _blocks(kind, "en"), _blocks(kind, language)
    assert tuple(translated) == ANGLES
    for angle in ANGLES:
        title, body = translated[angle]
        assert title and body
        # The same placeholders: the same event name, dates, prices, links (CTA) and counts.
        assert set(_SLOT.findall(title + body)) == set(_SLOT.findall("".join(english[angle])))


def _english_sentences(kind: str) -> set[str]:
    """The English templates' own words: the text between placeholders, 3+ words long."""
    pieces: set[str] = set()
    for title, body in _blocks(kind, "en").values():
        for piece in _SLOT.split(f"{title}\n{body}")[::2]:
            for part in re.split(r"[\n.:;|\[\]()]", piece):
                if len(part.split()) >= 3:
                    pieces.add(part.strip())
    return pieces


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("kind", KINDS)
def test_translated_templates_repeat_no_english_sentence(kind: str, language: str) -> None:
    text = "\n".join(f"{t}\n{b}" for t, b in _blocks(kind, language).values())
    assert [s for s in _english_sentences(kind) if s in text] == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "13–14 October 2026"),
        ("es", "13–14 de octubre de 2026"),
        ("fr", "13–14 octobre 2026"),
        ("de", "13.–14. Oktober 2026"),
    ],
)
def test_event_dates_use_the_language_month_names(language: str, expected: str) -> None:
    assert date_range(date(2026, 10, 13), date(2026, 10, 14), language) == expected


def test_dates_across_months_and_single_days() -> None:
    start, end = date(2026, 9, 30), date(2026, 10, 1)
    assert date_range(start, end, "en") == "30 September – 1 October 2026"
    assert date_range(start, end, "es") == "30 de septiembre – 1 de octubre de 2026"
    assert date_range(start, end, "de") == "30. September – 1. Oktober 2026"
    assert date_range(end, end, "fr") == "1 octobre 2026"


def test_lists_join_with_the_language_and() -> None:
    topics = ["MLOps", "data engineering", "generative AI"]
    assert join(topics, "en") == "MLOps, data engineering and generative AI"
    assert join(topics, "es") == "MLOps, data engineering y generative AI"
    assert join(topics, "fr") == "MLOps, data engineering et generative AI"
    assert join(topics, "de") == "MLOps, data engineering und generative AI"
    assert join(["MLOps"], "de") == "MLOps"


def test_early_bird_line_keeps_the_prices_and_seats() -> None:
    money = {"early": "$249", "left": "37", "standard": "$349"}
    assert phrase("en", "early_on", **money) == (
        "Early-bird tickets are $249 (37 left), then $349."
    )
    assert phrase("es", "early_on", **money) == (
        "Las entradas early bird cuestan $249 (quedan 37); después, $349."
    )
    assert phrase("de", "hook_off", **money) == "Standardtickets für $349"
    for language in TRANSLATED:
        line = phrase(language, "early_on", **money)
        assert all(value in line for value in money.values())
        assert "tickets are" not in line and "then" not in line


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, "en"),
        ("", "en"),
        ("es", "es"),
        (" FR ", "fr"),
        ("de-AT", "de"),
        ("es_MX", "es"),
        ("Spanish", "es"),
        ("Deutsch", "de"),
        ("français", "fr"),
        ("it", "en"),
        ("Klingon", "en"),
    ],
)
def test_copy_language_names_a_supported_language_else_english(
    given: str | None, expected: str
) -> None:
    assert copy_language(given) == expected
