"""What a reply calls an action and its arguments, in the reply's language.

One table per kind, shared by every reply that names an action: tool names as words
(``prompts/tool_labels.md``: "el reembolso", "le renvoi du billet") and argument names
(``prompts/argument_labels.md``: "pedido", "montant") and what a proposed action does
(``prompts/action_summaries.md``). Amounts are written as the reader
writes them (``domain.number_format``). English keeps the names the tools spell, so an
English reply reads as it always did.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from string import Template
from typing import Any

from domain.language import Language
from domain.number_format import money
from prompts.loader import template_sections, template_table

MONEY_ARGS = frozenset({"amount", "value", "discount_amount"})
"""Arguments that are dollar amounts."""


def _table(name: str, language: Language) -> dict[str, str]:
    return template_table(name, language)


def tool_label(tool: str, language: Language = "en") -> str:
    """A tool's name as words: "process refund" in English, "el reembolso" in Spanish."""
    return _table("tool_labels", language).get(tool) or tool.replace("_", " ")


def action_name(tool: str, language: Language) -> str:
    """How an action line names the action: its tool in English, the words elsewhere."""
    if language == "en":
        return tool
    label = tool_label(tool, language)
    return label[:1].upper() + label[1:]


def withheld_word(action: str, language: Language) -> str:
    """An action a request ruled out ("refund") as ``language`` names it ("reembolso")."""
    if language == "en":
        return action
    return _table("withheld_actions", language).get(action, action)


def argument_label(name: str, language: Language) -> str:
    """An argument's name in ``language`` ("order_number" stays as it is in English)."""
    return _table("argument_labels", language).get(name, name) if language != "en" else name


def argument_value(name: str, value: Any, language: Language) -> str:
    """An argument's value as ``language`` writes it (amounts with their cents)."""
    if name in MONEY_ARGS and not isinstance(value, bool):
        try:
            return money(Decimal(str(value)), language, cents=True)
        except (InvalidOperation, ValueError):
            pass
    return str(value)


@cache
def _summaries(language: Language) -> tuple[tuple[str, str], ...]:
    block = template_sections("action_summaries").get(language, "")
    pairs = (line.split(":", 1) for line in block.splitlines() if ":" in line)
    return tuple((tool.strip(), text.strip()) for tool, text in pairs)


def action_summary(action: Mapping[str, Any], language: Language) -> str:
    """What a proposed action does: the summary its department wrote in English; in
    another language the first template of its tool its arguments fill, else its words
    and arguments ("el reembolso (pedido ORD-10501)")."""
    if language == "en":
        return str(action["summary"])
    tool, args = str(action["tool"]), dict(action.get("args") or {})
    values = {
        name: argument_value(name, value, language)
        for name, value in args.items()
        if value not in (None, "")
    }
    for name, text in _summaries(language):
        template = Template(text)
        if name == tool and all(key in values for key in template.get_identifiers()):
            return template.substitute(values)
    shown = ", ".join(f"{argument_label(k, language)} {v}" for k, v in values.items())
    return tool_label(tool, language) + (f" ({shown})" if shown else "")
