"""Pull literal values out of a request: order numbers, emails, amounts, counts, ids, quotes.

Pure functions on plain text, no database: dates live in ``dates.py`` and names of
the tenant's records in ``entities.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from adapters.offline.count_units import MORE_NUMBER_WORDS
from adapters.offline.text import fold
from domain.email_pattern import EMAIL
from domain.spelled_numbers import parse_number, with_digits

_ORDER = re.compile(r"\bord(?:er)?[-\s#]{0,2}(\d{3,})\b", re.IGNORECASE)
_EMAIL = EMAIL
_NUMBER = (
    r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?(?!\d)|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?!\d)|"
    r"\d+(?:\.\d+)?"
)
"""A number as English writes it (1,250.50) or as es/fr/de do (1.250,50; 75,50)."""
_MONEY_SIGN = re.compile(rf"([$€£])\s?({_NUMBER})\s?(k|m)?\b", re.IGNORECASE)
_MONEY_WORD = re.compile(
    rf"\b({_NUMBER})\s?(k|m)?\s?(usd|bucks|dollars?|d[oó]lar(?:es)?|eur|euros?|gbp|pounds?|€|\$)(?!\w)",
    re.IGNORECASE,
)
"""An amount followed by its currency, in words of any reply language ("120 dólares",
"800 Dollar", "1250 dollars")."""
_PERCENT = re.compile(r"\b(\d{1,3}(?:\.\d+)?)\s?(?:%|percent\b|per cent\b|pct\b|por ciento\b)")
_QUOTED = re.compile(r"\"([^\"]{3,})\"|“([^”]{3,})”|(?:^|\s)'([^']{3,})'(?=\s|[.,;:!?]|$)")
_KIN = (
    r"(?:my|her|his|their|our|mi|su|mon|ma|son|sa|notre|meinen|meine|meinem|seinen|seine|"
    r"seinem|ihren|ihre|ihrem|unseren|unsere)"
)
_PERSON = re.compile(
    r"\b(?:to|for|a|à|an|para|pour)\s+(?:" + _KIN + r"\s+[\w'-]+\s+)?"
    r"((?:[A-Z]\.|[A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+){1,2})",
    re.UNICODE,
)
"""A full name after a preposition; the first name may be an initial ("to J. Park"), and
a possessive with one word for who they are may come between ("to her brother Marco
Bellini", "a mi colega Ana Ruiz", "an meinen Bruder Jan Berg")."""

RECORD_WORDS: dict[str, tuple[str, ...]] = {
    "opportunity": ("opportunity", "opp", "deal", "oportunidad", "opportunite"),
    "campaign": ("campaign", "campana", "campagne", "kampagne"),
    "deliverable": ("deliverable", "task", "entregable", "livrable"),
    "vendor": ("vendor", "supplier", "proveedor", "fournisseur", "lieferant"),
    "case": ("case", "ticket case", "support case", "caso"),
    "event": ("event", "evento", "evenement", "veranstaltung"),
    "contact": ("contact", "contacto"),
    "company": ("company", "account", "empresa", "entreprise", "firma"),
    "package": ("package", "paquete", "forfait", "paket"),
    "content": ("content", "draft", "content item"),
    "budget_line": ("budget line", "line item"),
}


def order_numbers(text: str) -> list[str]:
    """Order numbers in canonical form (``ORD-10501``), in order of appearance."""
    return _unique(f"ORD-{m.group(1)}" for m in _ORDER.finditer(text))


def emails(text: str) -> list[str]:
    """Email addresses, lower-cased, in order of appearance."""
    return _unique(m.group(0).rstrip(".").lower() for m in _EMAIL.finditer(text))


def money(text: str) -> list[Decimal]:
    """Money amounts such as ``$1,250``, ``1250 USD``, ``500 euros``, ``$75k``,
    ``1.000 Dollar`` or ``one hundred and fifty dollars``."""
    text = with_digits(text)
    found: list[tuple[int, Decimal]] = []
    for m in _MONEY_SIGN.finditer(text):
        value = _amount(m.group(2), m.group(3))
        if value is not None:
            found.append((m.start(), value))
    for m in _MONEY_WORD.finditer(text):
        value = _amount(m.group(1), m.group(2))
        if value is not None and not any(abs(pos - m.start()) < 2 for pos, _ in found):
            found.append((m.start(), value))
    return [value for _, value in sorted(found, key=lambda item: item[0])]


def percents(text: str) -> list[float]:
    """Percentages such as ``10%`` or ``15 percent``."""
    return [float(m.group(1)) for m in _PERCENT.finditer(text)]


def count_after(text: str, words: tuple[str, ...]) -> int | None:
    """The integer right after one of ``words`` ("top 5" gives 5 for ``("top",)``)."""
    pattern = r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\s+(\d{1,4})\b"
    match = re.search(pattern, fold(text))
    return int(match.group(1)) if match else None


NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "dos": 2,
    "tres": 3,
    "deux": 2,
    "trois": 3,
    "zwei": 2,
    "drei": 3,
    **MORE_NUMBER_WORDS,
}


_MODIFIER = (
    r"(?!(?:days?|weeks?|months?|years?|hours?|minutes?|percent|and|or|then|to|for|of|in|on|"
    r"at|with|by|from|find|get|show|list|send|draft|write|give|dias|jours|tage|tagen|y|et|"
    r"und|de|en|para|pour|fur)\b)[a-z-]+"
)
"""A word that may describe the counted noun (an adjective or a noun used as one)."""


def count_before(text: str, units: tuple[str, ...]) -> int | None:
    """The count right before one of ``units`` ("3 variants" or "three variants" give 3)."""
    number = r"\d{1,4}|" + "|".join(NUMBER_WORDS)
    # Up to two describing words between ("three LinkedIn posts", "3 fintech sponsor
    # prospects"), or a compound prefix ("LinkedIn-Posts"); a unit of time, a function
    # word or a verb ends the noun phrase ("in 14 days find sponsors" counts no sponsors).
    # A hyphen may join the count to its unit as one adjective ("a 45-minute call").
    pattern = (
        rf"\b({number})(?:\s+|-)(?:{_MODIFIER}\s+){{0,2}}(?:[a-z]+-)?(?:"
        + "|".join(re.escape(u) for u in units)
        + r")"
    )
    match = re.search(pattern, fold(text))
    if not match:
        return None
    word = match.group(1)
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def record_id(text: str, kind: str) -> int | None:
    """An explicit id such as "opportunity 12", "campaign #3" or "deliverable id 40"."""
    words = RECORD_WORDS[kind]
    pattern = (
        r"\b(?:" + "|".join(re.escape(w) for w in words) + r")s?\s*(?:id\s*)?(?:#|no\.?\s*)?\s*"
        r"(\d{1,7})\b"
    )
    match = re.search(pattern, fold(text))
    return int(match.group(1)) if match else None


def quoted(text: str) -> list[str]:
    """Text the user put in quotes, in order of appearance."""
    return [next(g for g in m.groups() if g).strip() for m in _QUOTED.finditer(text)]


def labelled(text: str, labels: tuple[str, ...]) -> str | None:
    """The text after ``label:`` up to the end of the line ("subject: Hello" gives "Hello")."""
    pattern = r"(?im)\b(?:" + "|".join(re.escape(label) for label in labels) + r")\s*:\s*(.+)$"
    match = re.search(pattern, text)
    return match.group(1).strip().strip("\"'") if match else None


def person_after_preposition(text: str) -> str | None:
    """A capitalised full name after "to"/"for" ("transfer it to Bo Li" gives "Bo Li")."""
    match = _PERSON.search(text)
    return match.group(1) if match else None


def _amount(number: str, suffix: str | None) -> Decimal | None:
    value = parse_number(number)
    if value is None:
        return None
    if suffix and suffix.lower() == "k":
        value *= 1000
    elif suffix and suffix.lower() == "m":
        value *= 1_000_000
    return value if value > 0 else None


def _unique(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
