"""``generate_content`` writes its copy in the request's language (es/fr/de), with the
English copy's facts, on SQLite and Postgres; unknown or omitted languages stay English."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from domain.demo import anchors
from domain.language import detect_language
from domain.marketing.content import KINDS
from domain.models import Campaign, ContentItem
from domain.number_format import money
from domain.scope import Scope
from tools import call_tool
from tools.registry import get_tool

WORDS = {
    "es": ("entradas", "días", "plazas", "programa", "Hola", "sobre"),
    "fr": ("billets", "jours", "places", "programme", "Bonjour", "sur"),
    "de": ("Tickets", "Tage", "Plätze", "Programm", "Hallo", "zu"),
}
"""Words each language's copy uses; the English copy has none but "Tickets"/"programme"."""
DATES = {
    "en": "13–14 October 2026",
    "es": "13–14 de octubre de 2026",
    "fr": "13–14 octobre 2026",
    "de": "13.–14. Oktober 2026",
}
ENGLISH = re.compile(r"\b(?:the|and|you|your|for|days left|tickets from|seats left)\b")


def _copy(scope: Scope, kind: str, language: str | None, **args: Any) -> list[dict[str, Any]]:
    given = {"kind": kind, "variants": 5, **args}
    if language is not None:
        given["language"] = language
    result = call_tool("generate_content", given, scope)
    assert result["language"] == (language if language in WORDS else "en")
    return list(result["items"])


def _text(items: list[dict[str, Any]]) -> str:
    return "\n".join(f"{i['title']}\n{i['body']}" for i in items)


@pytest.mark.parametrize("language", ["es", "fr", "de"])
def test_every_kind_is_written_in_the_language_with_the_same_facts(
    scope: Scope, language: str
) -> None:
    for kind in KINDS:
        english, translated = _copy(scope, kind, None), _copy(scope, kind, language)
        text = _text(translated)
        assert detect_language(text) == language, kind
        assert any(re.search(rf"\b{w}\b", text) for w in WORDS[language]), kind
        # Same angles; no English wording outside the event's own (English) topic names.
        assert [i["angle"] for i in translated] == [i["angle"] for i in english]
        words = ENGLISH.findall(text.replace("data engineering", "").replace("AI", ""))
        assert words == [], (kind, words)
        # The facts of each English variant are in its translation, prices as the
        # language writes them ("$1,250" is "1.250 $" in German).
        for en, tr in zip(english, translated, strict=True):
            for fact in ("Northwind AI Summit 2026", "Lisbon", "42", 99, 349, 1250):
                stated = money(fact, "en") if isinstance(fact, int) else fact
                written = money(fact, language) if isinstance(fact, int) else fact
                if stated in en["title"] + en["body"]:
                    assert written in tr["title"] + tr["body"], (kind, en["angle"], written)
                if stated != written:
                    assert stated not in tr["title"] + tr["body"], (kind, en["angle"], stated)
            if DATES["en"] in en["title"] + en["body"]:
                assert DATES[language] in tr["title"] + tr["body"], (kind, en["angle"])
            assert ("{first_name}" in en["body"]) == ("{first_name}" in tr["body"])
        assert all(len(i["body"]) <= 280 for i in translated if kind == "social")


def test_the_copy_is_saved_as_localised_drafts_for_the_campaign(scope: Scope) -> None:
    campaign = scope.session.scalars(
        select(Campaign).where(
            Campaign.tenant_id == scope.tenant_id,
            Campaign.name == anchors.UNDERPERFORMING_CAMPAIGN,
        )
    ).one()
    args = {"campaign_id": campaign.id, "optimization_goal": "increase_clicks"}
    [german] = _copy(scope, "cta", "de", **args)[:1]
    stored = scope.session.get(ContentItem, german["id"])
    assert (stored.campaign_id, stored.kind, stored.status) == (campaign.id, "cta", "draft")
    assert stored.body == german["body"]
    assert stored.body.startswith(f"Noch {anchors.EVENT_STARTS_IN_DAYS} Tage")
    [english] = _copy(scope, "cta", None, **args)[:1]
    assert english["id"] != german["id"]  # another language is another draft
    assert english["body"].startswith(f"{anchors.EVENT_STARTS_IN_DAYS} days to go")
    again = _copy(scope, "cta", "de", **args)[:1]
    assert (again[0]["id"], again[0]["reused"]) == (german["id"], True)


@pytest.mark.parametrize("given", ["Spanish", "es-ES"])
def test_a_language_name_or_tag_is_understood(scope: Scope, given: str) -> None:
    result = call_tool("generate_content", {"kind": "subject", "language": given}, scope)
    assert result["language"] == "es"
    assert "Northwind AI Summit 2026" in result["items"][0]["title"]


@pytest.mark.parametrize("given", ["it", "pt-BR", "Klingon"])
def test_an_unknown_language_gets_english(scope: Scope, given: str) -> None:
    [item] = call_tool("generate_content", {"kind": "email", "language": given}, scope)["items"]
    [english] = call_tool("generate_content", {"kind": "email"}, scope)["items"]
    assert (item["title"], item["body"]) == (english["title"], english["body"])
    assert item["body"].startswith("Hi {first_name},")


def test_the_language_argument_is_optional_in_the_schema() -> None:
    schema = get_tool("generate_content").schema()
    assert "language" in schema["properties"]
    assert "language" not in schema.get("required", [])


@pytest.mark.parametrize(("language", "test_type"), [("fr", "subject_line"), ("es", "cta")])
def test_an_ab_test_designs_its_variants_in_the_language(
    scope: Scope, language: str, test_type: str
) -> None:
    campaign = scope.session.scalars(
        select(Campaign).where(
            Campaign.tenant_id == scope.tenant_id,
            Campaign.name == anchors.UNDERPERFORMING_CAMPAIGN,
        )
    ).one()
    args = {"mode": "design", "campaign_id": campaign.id, "test_type": test_type, "variants": 3}
    english = call_tool("ab_test", args, scope)
    translated = call_tool("ab_test", {**args, "language": language}, scope)
    assert (english["language"], translated["language"]) == ("en", language)
    text = _text(translated["variants"])
    assert detect_language(text) == language, text
    assert any(re.search(rf"\b{w}\b", text) for w in WORDS[language]), text
    assert _text(english["variants"]) != text
    # The test's sizing does not depend on the language of its copy.
    for key in ("sample_size_per_arm", "split", "baseline_rate", "feasible"):
        assert translated[key] == english[key], key


def test_the_ab_test_language_argument_is_optional_in_the_schema() -> None:
    schema = get_tool("ab_test").schema()
    assert "language" in schema["properties"]
    assert "language" not in schema.get("required", [])
