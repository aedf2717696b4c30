"""Recommended actions' titles in the reader's language (issue 9).

Each recommendation rule names its action by a stable rule id (``ticket_gap``,
``vendor_confirm``...) and the figures and names the title shows (``title_values``);
``prompts/action_titles.md`` holds one table per language keyed by that id. The tool
result keeps the English title (its data does not change with the reader); a reply in
Spanish, French or German reads :func:`localised_title` instead. A language or rule the
table lacks falls back to English. Numbers are written as the language writes them,
record names (campaigns, vendors, budget categories) stay as the data spells them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from string import Template
from typing import Any

from domain.language import Language
from domain.number_format import localised, number
from prompts.loader import template_table

TABLE = "action_titles"


def _table(section: str) -> dict[str, str]:
    return template_table(TABLE, section)


def _written(name: str, value: Any, language: Language) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) and language == "en":
        return f"{value:,}"
    if isinstance(value, float | Decimal) and language == "en":
        return str(value)  # as the rules always wrote it ("12.5", "20.0")
    if isinstance(value, float | Decimal):
        return localised(str(value), language)  # "15.0" is "15,0": the digits stay
    if isinstance(value, int):
        return number(value, language)
    if name == "series":
        return series_name(str(value), language)
    return str(value)


def series_name(series: str, language: Language) -> str:
    """A daily series (``traffic_sessions``) as ``language`` names it; English spaced."""
    words = _table(f"series_{language}") if language != "en" else {}
    return words.get(series) or series.replace("_", " ")


def title(rule: str, values: Mapping[str, Any], language: Language = "en") -> str:
    """The title of ``rule``'s action with ``values`` filled in, in ``language``
    (English when the language has no entry for the rule)."""
    template = _table(language).get(rule) if language != "en" else None
    if template is None:
        template, language = _table("en")[rule], "en"
    written = {name: _written(name, value, language) for name, value in values.items()}
    return Template(template).safe_substitute(written)


def titled(rule: str, **values: Any) -> dict[str, Any]:
    """The fields a rule's action spec carries for its title: the rule id, the values
    the title shows and the English title."""
    return {"rule": rule, "title_values": values, "title": title(rule, values)}


def localised_title(action: Mapping[str, Any], language: Language) -> str:
    """An action's title (a ``recommend_actions`` item) in ``language``; the action's own
    title when it names no known rule or the language is English."""
    rule, values = action.get("rule"), action.get("title_values")
    english = str(action.get("title", ""))
    if language == "en" or not isinstance(rule, str) or rule not in _table("en"):
        return english
    return title(rule, values if isinstance(values, Mapping) else {}, language)


def owner_word(owner: str, language: Language) -> str:
    """The owning department as ``language`` names it ("ventas"); English as it is."""
    if language == "en":
        return owner
    return _table(f"owners_{language}").get(owner, owner)
