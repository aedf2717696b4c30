"""Numbers and dollar amounts written the way a reader of each reply language expects.

English: 1,250.5 and $1,250.50. Spanish, French and German group thousands with a point
or a space and put decimals after a comma, with the currency sign after the amount:
``1.250,50 $`` (German), ``1 250,50 $`` (French, a narrow no-break space between groups)
and ``12.500,50 $`` (Spanish, which leaves four-digit numbers ungrouped: ``1250,50 $``),
as the CLDR locale data writes them. Amounts are US dollars in every language; only how
they are written changes. The space before ``$`` is a no-break space, so a line never
ends on a bare number with its sign on the next one.

English output is exactly the ``format`` forms the callers used before (``{:,}``,
``{:,.2f}``), so English replies do not change.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from domain.language import Language

_SEPARATORS: dict[Language, tuple[str, str]] = {
    "en": (",", "."),
    "es": (".", ","),
    "fr": ("\u202f", ","),
    "de": (".", ","),
}
"""(thousands, decimal) separators."""
_MIN_GROUPED_DIGITS: dict[Language, int] = {"es": 5}
"""Digits from which the integer part is grouped (CLDR's minimum grouping: Spanish 2095,
but 12.500); four everywhere else."""
_BEFORE_SIGN = "\u00a0"

Number = int | float | Decimal | str


def _decimal(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def number(value: Number, language: Language = "en", decimals: int | None = None) -> str:
    """``value`` grouped, with ``decimals`` decimals (None: up to two, trailing zeros
    dropped, as ``1,250.5``)."""
    amount = _decimal(value)
    english = f"{amount:,.{2 if decimals is None else decimals}f}"
    if decimals is None and "." in english:
        english = english.rstrip("0").rstrip(".")
    return _in_language(english, language)


def money(amount: Number, language: Language = "en", *, cents: bool | None = None) -> str:
    """A dollar amount: ``$1,250.00`` in English, ``1.250,00 $`` in German.

    ``cents``: True always shows them, False never, None only when the amount is not whole
    (``$349``, ``$517,887.50``).
    """
    value = _decimal(amount)
    show_cents = cents if cents is not None else value != value.to_integral_value()
    text = number(value, language, 2 if show_cents else 0)
    if language not in _SEPARATORS or language == "en":
        return f"${text}"
    return f"{text}{_BEFORE_SIGN}$"


def _in_language(english: str, language: Language) -> str:
    """An English-written number (``-1,250.50``) with ``language``'s separators."""
    if language not in _SEPARATORS or language == "en":
        return english
    group, point = _SEPARATORS[language]
    sign = "-" if english.startswith("-") else ""
    whole, _, fraction = english.lstrip("-").partition(".")
    digits = whole.replace(",", "")
    if len(digits) >= _MIN_GROUPED_DIGITS.get(language, 4):
        whole = whole.replace(",", group)
    else:
        whole = digits
    return sign + whole + (point + fraction if fraction else "")


_ENGLISH_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def localised(text: str, language: Language) -> str:
    """``text`` rewritten for ``language`` when it is exactly one English-written number
    with a separator (``1,341,276``, ``42.99``, ``42.9%``); anything else as it is.

    A bare run of digits (an id, a year, a count) is left alone: English does not group
    those either.
    """
    if language == "en":
        return text
    body, percent = (text[:-1], True) if text.endswith("%") else (text, False)
    if not ("," in body or "." in body) or not _ENGLISH_NUMBER.fullmatch(body):
        return text
    converted = _in_language(body, language)
    return f"{converted}{_BEFORE_SIGN}%" if percent else converted


def localised_money(text: str, language: Language) -> str:
    """A value a template shows as dollars (``$$$amount``): ``1,250.5`` becomes
    ``1.250,50 $`` in German; a value that is not a number keeps its ``$`` in front."""
    try:
        if _ENGLISH_NUMBER.fullmatch(text) is None:
            raise InvalidOperation
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return f"${text}"
    return money(amount, language)
