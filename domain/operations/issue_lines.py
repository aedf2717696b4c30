"""The operations status report's issue lines in the reader's language (issue 9).

Each issue of ``generate_status_report`` keeps its English ``summary`` and, for the kinds
this module knows, ``line``: the kind (``overdue``, ``blocked``, ``due_soon``,
``budget_line``) and the values it shows. ``prompts/status_issue_lines.md`` holds one
table per language; a reply in Spanish, French or German reads :func:`localised_issue`
instead of the English summary. Percentages are written as the language writes them;
titles, owners and categories stay as the data spells them.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Template
from typing import Any

from domain.language import Language
from domain.number_format import localised
from prompts.loader import template_table

TABLE = "status_issue_lines"
PERCENTS = frozenset({"variance", "committed"})
"""Values written as signed percentages with one decimal ("+15.0", "+15,0")."""


def issue_line(kind: str, values: Mapping[str, Any], language: Language = "en") -> str:
    """The issue ``kind`` with ``values`` filled in, in ``language`` (else English)."""
    table = template_table(TABLE, language) if language != "en" else {}
    template = table.get(kind)
    if template is None:
        template, language = template_table(TABLE, "en")[kind], "en"
    written = {name: _written(name, value, language) for name, value in values.items()}
    return Template(template).safe_substitute(written)


def _written(name: str, value: Any, language: Language) -> str:
    if name in PERCENTS and isinstance(value, int | float):
        sign = "-" if value < 0 else "+"
        return sign + localised(f"{abs(value):.1f}", language)
    return str(value)


def localised_issue(issue: Mapping[str, Any], language: Language) -> str | None:
    """An issue's line in ``language``; None when it carries no known ``line``."""
    line = issue.get("line")
    if not isinstance(line, Mapping) or line.get("kind") not in template_table(TABLE, "en"):
        return None
    values = line.get("values")
    return issue_line(str(line["kind"]), values if isinstance(values, Mapping) else {}, language)
