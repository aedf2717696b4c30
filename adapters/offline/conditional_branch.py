"""An action asked for only if something holds ("if X, do Y"): read X first, act only
when it holds.

"In case Bloom Decor hasn't confirmed, send them a reminder", "if the newsletter's open
rate dropped below 25%, set up an A/B test", "si el pedido costó menos de 500 dólares,
reembólsalo": the request opens with a condition and the action depends on it. The
condition is about a quantity or a state the data holds (an order's amount, a
campaign's rate, a vendor's confirmation): the read that states it runs first, and the
action stays in the plan only when the condition holds. A condition no read can settle
("if the keynote's flight lands late") keeps the action out: it is never proposed on a
condition nobody checked; the answer says so.

Conditions on ticket pace, the budget, the deliverables (graded by their checks,
``conditions.CHECKS``) and on a deal's value (``conditions.value_condition``) are
handled by the model's existing rules; ``branch_for`` leaves them alone.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from adapters.offline.conditions import CHECKS, VALUE_ACTIONS, ValueCondition, value_bound
from adapters.offline.text import fold, normal

MAX_SCANNED = 600
"""Only the opening of a request is read for its condition (bounded work on long text)."""
_OPENING = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|but|please|pls|hey)\W+)?"
    r"(?:only if|if|in case|provided that|si|solo si|seulement si|au cas ou|wenn|falls|nur wenn)"
    r"\s+"
)
_POLITE = re.compile(
    r"(?:please |por favor |bitte )?"
    r"(?:you (?:can|could)|you have (?:a )?(?:time|minute|moment|sec|second)|(?:it )?possible|"
    r"that (?:ok|okay|fine)|it not too much trouble|you dont mind|"
    r"(?:tu )?puedes|podes|es posible|te parece|"
    r"tu peux|vous pouvez|c est possible|ca ne te derange pas|"
    r"du kannst|sie konnen|moglich|es moglich ist|es geht)"
    r"(?: please| por favor| s il te plait| s il vous plait| bitte)?"
)
"""A courtesy, not a condition ("if you can, send...", "si puedes, manda..."): the action
is asked for outright. It must be the WHOLE condition (matched in full on the normal
form): "if you can't reach Bloom Decor by noon", "if that's okay with the client",
"si puedes confirmar que no vienen" are real conditions."""
_CLAUSE_END = re.compile(r"[,;:]|\s[-\u2013\u2014]\s|\bthen\b|\bentonces\b|\balors\b|\bdann\b")
_ELSE = re.compile(
    r"\b(?:otherwise|if not|else|si no|sino|sinon|si ce n est pas|sonst|andernfalls|ansonsten)\b"
)
CONSEQUENCES = frozenset(
    {
        "ab_test",
        "create_campaign",
        "enrich_lead",
        "escalate_issue",
        "escalate_to_human",
        "generate_content",
        "generate_proposal",
        "process_refund",
        "resend_ticket",
        "schedule_meeting",
        "schedule_post",
        "send_email",
        "send_email_campaign",
        "send_reminder",
        "transfer_ticket",
        "update_crm",
    }
)
"""Tools that act, write or set something up: what a condition may hold back. Named here
(the model layer sits below the tool registry)."""

_AHEAD = re.compile(
    r"\b(?:tomorrow|tonight|later today|next (?:week|month|year)|will|going to|"
    r"manana|pasado manana|esta noche|demain|ce soir|la semaine prochaine|"
    r"morgen|ubermorgen|heute abend|nachste woche)\b"
)
"""A condition on what has not happened yet ("if the flight lands late tomorrow"): no
record holds it, so no read settles it now."""
_CONFIRMED = re.compile(r"\b(?:confirm\w*|confirmad\w*|confirme\w*|bestatig\w*|zugesagt)\b")
_NOT = re.compile(
    r"\b(?:not|hasnt|havent|isnt|arent|didnt|doesnt|wasnt|werent|cant|cannot|never|"
    r"yet to|still to|failed to|fails to|fail to|failing to|"
    r"nothing|still pending|pending|unconfirmed|"
    r"no|ni|nada|nunca|aun no|pas|rien|jamais|nicht|nichts|nie|noch nicht|sin)\b"
)
"""A negated predicate ("has failed to confirm", "is yet to confirm", "confirmed
nothing"): read only in the conjunct that names the confirmation."""
_AND = re.compile(r"\b(?:and|but|or|y|pero|o|et|mais|ou|und|aber|oder)\b")
"""Joins conjuncts of a condition ("X is confirmed and no one objects")."""
MAX_SUBJECT_WORDS = 3
"""A short conjunct without a negation before the predicate is part of the subject
("Bloom Decor and PhotoLane haven't confirmed"), not a condition of its own."""


def _confirmation(condition: str) -> tuple[bool, bool] | None:
    """(negated, checkable) of a confirmation condition, or None when there is none.

    Negation is read from the conjunct that names the confirmation; another conjunct
    the status report cannot settle ("and no one objects") makes the whole condition
    uncheckable, so the action is held back (the strict side).
    """
    parts = [part.strip() for part in _AND.split(condition)]
    index = next((i for i, part in enumerate(parts) if _CONFIRMED.search(part)), None)
    if index is None:
        return None
    others = [
        part
        for i, part in enumerate(parts)
        if i != index
        and part
        and (i > index or _NOT.search(part) or len(part.split()) > MAX_SUBJECT_WORDS)
    ]
    return _NOT.search(parts[index]) is not None, not others


RATE_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:open|opens|apertura\w*|ouverture\w*|offnung\w*)\b"), "open_rate"),
    (re.compile(r"\b(?:clicks?|click ?through|clics?|klick\w*|ctr)\b"), "click_rate"),
    (re.compile(r"\b(?:conversions?|conversion\w*|konversion\w*)\b"), "conversion_rate"),
)
_AMOUNT = re.compile(
    r"\b(?:order|orders|paid|pay|costs?|cost|came to|price|amount|total|"
    r"pedido|costo|costaba|importe|pago|pagado|commande|montant|paye|coute|"
    r"bestellung|betrag|bezahlt|kostet\w*)\b"
)


@dataclass(frozen=True)
class Branch:
    """A condition the request's action depends on, and how to settle it."""

    condition: str
    """The condition as typed (quoted in the answer as written)."""
    tools: frozenset[str]
    """The planned actions that depend on it."""
    read: str | None
    """The read that states what the condition is about; None when no read can."""
    kind: str = ""
    """``confirmed`` (a vendor's state), a rate name, ``amount``; "" when unknown."""
    negated: bool = False
    bound: ValueCondition | None = None

    def verdict(self, results: Sequence[tuple[str, Any]], vendor_ids: Collection[int]) -> Any:
        """(holds, what was found) from the results; holds is None when not settled."""
        found = [result for tool, result in results if tool == self.read]
        if not found:
            return None, ""
        result = found[-1]
        if self.kind == "confirmed":
            status = _vendor_status(result, vendor_ids)
            if status is None:
                return None, ""
            confirmed = status == "confirmed"
            return (not confirmed if self.negated else confirmed), status
        value = _first_number(result, self.kind)
        if value is None or self.bound is None:
            return None, ""
        if self.kind.endswith("_rate"):
            value = round(value * 100, 1)
            return self.bound.holds(value), f"{value}%"
        return self.bound.holds(value), f"{value:g}"


def branch_for(
    typed: str, steps: Iterable[str], bound_tools: Collection[str], vendors: bool, campaign: bool
) -> Branch | None:
    """The condition the request's planned actions depend on, or None.

    ``typed`` is the request as written; ``steps`` the plan; ``bound_tools`` the tools
    this call may use; ``vendors``/``campaign`` whether the request names a vendor or a
    campaign (the record a state or rate condition is about).
    """
    clause = condition_clause(typed)
    if clause is None:
        return None
    acting = frozenset(steps) & CONSEQUENCES
    if not acting:
        return None
    condition = normal(clause)
    if _AHEAD.search(condition):
        return Branch(clause, acting, None)
    if any(pattern.search(condition) for pattern, _ in CHECKS):
        return None  # graded by its check (``conditions``)
    if acting & VALUE_ACTIONS:
        return None  # a deal's value (``conditions.value_condition``)
    confirmation = _confirmation(condition) if vendors else None
    if confirmation is not None:
        negated, checkable = confirmation
        if not checkable:
            return Branch(clause, acting, None)
        read = "generate_status_report"
        return Branch(clause, acting, _bound(read, bound_tools), "confirmed", negated)
    bound = value_bound(clause)
    if bound is not None:
        for pattern, rate in RATE_WORDS:
            if pattern.search(condition):
                read = "analyze_campaign" if campaign else "monitor_metrics"
                return Branch(clause, acting, _bound(read, bound_tools), rate, bound=bound)
        if _AMOUNT.search(condition):
            return Branch(
                clause, acting, _bound("lookup_ticket", bound_tools), "amount", bound=bound
            )
    return Branch(clause, acting, None)


def condition_clause(typed: str) -> str | None:
    """The condition a request opens with ("if X, ..."), as typed, or None.

    The clause runs to the first comma, semicolon, dash or "then"; fewer than two words
    is no condition ("Si, envíalo" is a Spanish yes).
    """
    head = typed[:MAX_SCANNED]
    folded = fold(head)
    opening = _OPENING.match(folded)
    if opening is None:
        return None
    end = _CLAUSE_END.search(folded, opening.end())
    if end is None:
        return None
    clause = head[opening.end() : end.start()].strip()
    if len(clause.split()) < 2 or _POLITE.fullmatch(normal(clause)):
        return None
    return clause


def _bound(read: str, tools: Collection[str]) -> str | None:
    return read if read in tools else None


def _vendor_status(result: Any, vendor_ids: Collection[int]) -> str | None:
    """The status of the first named vendor in a status report's vendor section."""
    sections = result.get("sections") if isinstance(result, dict) else None
    vendors = sections.get("vendors") if isinstance(sections, dict) else None
    rows = vendors.get("vendors") if isinstance(vendors, dict) else None
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict) and row.get("vendor_id") in vendor_ids:
            status = row.get("status")
            return str(status) if status is not None else None
    return None


MAX_DEPTH = 4


def _first_number(value: Any, key: str, depth: int = 0) -> float | None:
    """The first numeric ``key`` in a result, depth first (bounded depth and width)."""
    if depth > MAX_DEPTH:
        return None
    if isinstance(value, dict):
        found = value.get(key)
        if isinstance(found, int | float) and not isinstance(found, bool):
            return float(found)
        if isinstance(found, str):
            try:
                return float(found)
            except ValueError:
                pass
        children: Iterable[Any] = value.values()
    elif isinstance(value, list):
        children = value[:50]
    else:
        return None
    for child in children:
        if isinstance(child, dict | list):
            number = _first_number(child, key, depth + 1)
            if number is not None:
                return number
    return None
