"""The analytics report's key insights in the reader's language (issue 9).

``generate_report`` opens with three to five one-line insights. Each is an insight id
(``tickets``, ``revenue``, ``anomaly``...) and the figures and names it shows (its
values); ``prompts/insight_lines.md`` holds one table per language keyed by that id. The
tool result keeps the English lines (``insights``) next to the ids and values
(``insight_lines``); a reply in Spanish, French or German reads :func:`localised_line`
instead. A language or id the table lacks falls back to English. Numbers, amounts and
percentages are written as the language writes them with the same digits; record names
(campaigns, industries) stay as the data spells them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from string import Template
from typing import Any

from domain.analytics.action_titles import localised_title, series_name
from domain.language import Language
from domain.number_format import localised, money, number
from prompts.loader import template_table

TABLE = "insight_lines"


def _table(section: str) -> dict[str, str]:
    return template_table(TABLE, section)


def _signed(text: str) -> str:
    return text if text.startswith("-") else f"+{text}"


def _grouped(value: Any, language: Language) -> str:
    return f"{value:,}" if language == "en" else number(value, language, 0)


def _signed_grouped(value: Any, language: Language) -> str:
    if language == "en":
        return f"{value:+,}"
    return ("-" if value < 0 else "+") + number(abs(value), language, 0)


def _dollars(value: Any, language: Language) -> str:
    if language == "en":
        return f"${float(value):,.0f}"
    return money(f"{float(value):.0f}", language, cents=False)


def _signed_decimal(value: Any, language: Language) -> str:
    if language == "en":
        return f"{value:+}"
    return _signed(localised(str(value), language))


def _one_decimal(value: Any, language: Language) -> str:
    return localised(f"{value:.1f}", language)


def _whole(value: Any, language: Language) -> str:
    return f"{value:.0f}"


def _rate(value: Any, language: Language) -> str:
    return localised(f"{value:.1%}", language)


def _as_is(value: Any, language: Language) -> str:
    return localised(str(value), language)


WRITERS: dict[str, Callable[[Any, Language], str]] = {
    "point": _grouped,
    "low": _grouped,
    "high": _grouped,
    "target": _grouped,
    "attendees": _grouped,
    "gap": _signed_grouped,
    "chance": _whole,
    "value": _whole,
    "net": _dollars,
    "projected": _dollars,
    "amount": _dollars,
    "pipeline": _dollars,
    "vs_target": _signed_decimal,
    "expected": _one_decimal,
    "z": _one_decimal,
    "rate": _rate,
    "pct": _as_is,
}
"""How each numeric slot is written; English exactly as the report always wrote it."""


def _written(name: str, value: Any, language: Language) -> str:
    if name in WRITERS and isinstance(value, int | float):
        return WRITERS[name](value, language)
    if name == "series":
        return series_name(str(value), language)
    if name == "direction" and language != "en":
        return _table(f"words_{language}").get(str(value), str(value))
    return str(value)


def _template(insight: str, language: Language) -> tuple[str, Language]:
    text = _table(language).get(insight) if language != "en" else None
    if text is None:
        return _table("en")[insight], "en"
    return text, language


def _fill(insight: str, values: Mapping[str, Any], language: Language) -> str:
    template, language = _template(insight, language)
    written = {name: _written(name, value, language) for name, value in values.items()}
    return Template(template).safe_substitute(written)


def line(insight: str, values: Mapping[str, Any], language: Language = "en") -> str:
    """The insight ``insight`` with ``values`` filled in, in ``language``.

    ``marketing`` takes ``converting`` (``{"campaign", "rate"}`` items) and ``weak``
    (campaign names); ``critical`` takes ``actions`` (recommended actions, whose titles it
    lists in the language of the line).
    """
    fields = dict(values)
    if insight == "marketing":
        parts = [_fill("marketing_scale", item, language) for item in fields.pop("converting", [])]
        parts += [
            _fill("marketing_weak", {"campaign": name}, language) for name in fields.pop("weak", [])
        ]
        fields["parts"] = "; ".join(parts)
    if insight == "critical":
        actions = fields.pop("actions", [])
        fields["count"] = len(actions)
        fields["titles"] = "; ".join(localised_title(action, language) for action in actions)
    return _fill(insight, fields, language)


def localised_line(item: Mapping[str, Any], language: Language) -> str | None:
    """An ``insight_lines`` item of a report in ``language``; None when it names no
    known insight."""
    insight, values = item.get("insight"), item.get("values")
    if not isinstance(insight, str) or insight not in _table("en"):
        return None
    return line(insight, values if isinstance(values, Mapping) else {}, language)
