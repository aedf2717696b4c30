"""Actions a request asks for only on a condition ("escalate if we're way behind").

Proposing such an action straight away invents an escalation the request did not ask
for. The offline model runs the check the condition is about first (ticket pace, the
budget, the deliverables; else the status report) and proposes the action only when the
check grades the problem high or critical; otherwise the answer says the action was not
taken and what the check found.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from adapters.offline.text import normal

_IF = r"(?:only )?(?:if|in case|when|whenever|should|si|solo si|wenn|falls|nur wenn)"
_CONDITIONAL: dict[str, re.Pattern[str]] = {
    "escalate_issue": re.compile(
        rf"\b(?:escalat\w*|eskalier\w*|escalad\w*|escalar\w*|escale\w*)(?: \w+){{0,3}}? {_IF}\b"
    ),
    "send_reminder": re.compile(
        rf"\b(?:remind\w*|nudge\w*|chase\w*|erinner\w*|relanc\w*|recuerda\w*)"
        rf"(?: \w+){{0,3}}? {_IF}\b"
    ),
}
CHECKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\b(?:tickets?|sales|pace|behind|entradas|billets|verkauf\w*)\b"),
        "monitor_ticket_sales",
    ),
    (
        re.compile(r"\b(?:budget\w*|spend\w*|overrun\w*|over plan|presupuesto|kosten)\b"),
        "track_budget",
    ),
    (
        re.compile(r"\b(?:deliverables?|tasks?|overdue|late|livrables?|entregables?|aufgaben)\b"),
        "check_deliverables",
    ),
)
FALLBACK_CHECK = "generate_status_report"
SERIOUS = frozenset({"high", "critical"})


def conditional_tools(text: str) -> frozenset[str]:
    """The external tools ``text`` asks for only if something holds."""
    normalised = normal(text)
    return frozenset(tool for tool, pattern in _CONDITIONAL.items() if pattern.search(normalised))


def check_for(text: str, bound: Collection[str]) -> str | None:
    """The bound check tool the condition in ``text`` is about (the status report if none)."""
    normalised = normal(text)
    for pattern, tool in CHECKS:
        if tool in bound and pattern.search(normalised):
            return tool
    return FALLBACK_CHECK if FALLBACK_CHECK in bound else None


def severity_of(result: Any) -> str | None:
    """How serious a check found things: its own ``severity`` or overall grade."""
    if not isinstance(result, dict):
        return None
    for key in ("severity", "overall_severity"):
        if isinstance(result.get(key), str):
            return str(result[key])
    if isinstance(result.get("critical_count"), int):
        return "critical" if result["critical_count"] else "medium"
    return None


def condition_holds(
    results: Sequence[tuple[str, Any]], check: str, about: Collection[str] = ()
) -> tuple[bool, str | None]:
    """Whether the latest ``check`` result grades the problem serious, and its severity.

    ``about`` holds the words of the record the action is for (a vendor's trade,
    "catering"): when the check grades lines one by one (the budget's), the condition is
    read on the line about that record, so "nudge the caterer if we're over" asks whether
    catering is over plan, not whether any line is.
    """
    found = [result for tool, result in results if tool == check]
    result = found[-1] if found else None
    line = _line_about(result, about)
    severity = severity_of(line if line is not None else result)
    return severity in SERIOUS, severity


def _line_about(result: Any, about: Collection[str]) -> dict[str, Any] | None:
    """The graded line of ``result`` whose category shares a word with ``about``."""
    words = {w for text in about for w in normal(text).split() if len(w) >= 3}
    if not words or not isinstance(result, dict) or not isinstance(result.get("lines"), list):
        return None
    for line in result["lines"]:
        if isinstance(line, dict) and words & set(normal(str(line.get("category", ""))).split()):
            return line
    return None


_UNIT_WORDS = "k|m|thousand|mil|million|millionen|tausend"
_BOUND = (
    r"(?P<op>over|more than|above|greater than|bigger than|at least|north of|"
    r"under|less than|below|mas de|superior a|supera|por encima de|menos de|por debajo de|"
    r"plus de|superieur a|depasse|au dessus de|moins de|en dessous de|"
    r"uber|mehr als|hoher als|unter|weniger als)"
    r" (?P<n>\d+(?: \d{3})*)(?: (?P<frac>\d{1,2})(?= ?(?:" + _UNIT_WORDS + r")\b))?"
    r" ?(?P<unit>" + _UNIT_WORDS + r")?\b"
)
_VALUE_IF = re.compile(
    r"\b(?:if|in case|only if|provided|si|solo si|seulement si|wenn|falls|nur wenn)\b"
    r"(?: (?!(?:if|si|wenn|falls|then|and|y|et|und)\b)[a-z0-9]+){0,8}? "
    r"(?:is |s |are |es |est |ist |sind )?(?:worth |valued at |vale |vaut |wert )?" + _BOUND
)
_VALUE_BOUND = re.compile(r"\b" + _BOUND)
"""The bound's figure comes normalised ("2.5k" and "2,5k" read "2 5k"): one or two digits
after it and before a unit are its decimals, three are a thousands group ("20 000")."""
_UNITS = {
    "k": 1_000, "thousand": 1_000, "mil": 1_000, "tausend": 1_000,
    "m": 1_000_000, "million": 1_000_000, "millionen": 1_000_000,
}  # fmt: skip
_BELOW = frozenset(
    {"under", "less than", "below", "menos de", "por debajo de", "moins de", "en dessous de",
     "unter", "weniger als"}
)  # fmt: skip
VALUE_ACTIONS = frozenset({"update_crm", "generate_proposal", "send_email", "schedule_meeting"})
"""Sales actions a request may make depend on a deal's value ("if the deal is over 20k,
move it to negotiation")."""
VALUE_CHECK = "qualify_lead"
"""The check that reads a deal's value (its ``lead.value``)."""


@dataclass(frozen=True)
class ValueCondition:
    """A bound on a deal's value an action depends on: ``value > bound`` (or ``<``)."""

    below: bool
    bound: float
    inclusive: bool

    def holds(self, value: float) -> bool:
        if self.below:
            return value <= self.bound if self.inclusive else value < self.bound
        return value >= self.bound if self.inclusive else value > self.bound


def value_condition(text: str) -> ValueCondition | None:
    """The deal-value bound ``text`` sets on its action ("if it's worth more than 50k")."""
    match = _VALUE_IF.search(normal(text))
    return None if match is None else _condition(match)


def value_bound(text: str) -> ValueCondition | None:
    """A value bound ``text`` states anywhere ("only the ones above 20k", "uber 10 000"):
    the limit of a listing, where no "if" introduces it."""
    match = _VALUE_BOUND.search(normal(text))
    return None if match is None else _condition(match)


def _condition(match: re.Match[str]) -> ValueCondition:
    number = float(match.group("n").replace(" ", ""))
    if match.group("frac"):
        number += float("0." + match.group("frac"))
    unit = match.group("unit")
    bound = number * _UNITS.get(unit or "", 1)
    op = match.group("op")
    return ValueCondition(below=op in _BELOW, bound=bound, inclusive=op == "at least")


def deal_value(results: Sequence[tuple[str, Any]]) -> float | None:
    """The deal value the latest ``qualify_lead`` result read, if it found a deal."""
    found = [result for tool, result in results if tool == VALUE_CHECK]
    lead = found[-1].get("lead") if found and isinstance(found[-1], dict) else None
    value = lead.get("value") if isinstance(lead, dict) else None
    return float(value) if isinstance(value, int | float) else None
