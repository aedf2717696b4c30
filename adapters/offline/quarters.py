"""Quarters and fortnights named in words: "Q3", "the third quarter", "le 3e trimestre",
"das dritte Quartal", "this quarter", "the last fortnight".

A quarter is a calendar period like a month: "Q3 revenue so far" asks for July 1 up to
today, not for everything to date. A quarter not begun yet this year is last year's.
A fortnight is a trailing window of fourteen days, as "the last two weeks" is.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_ORDINALS = {
    **dict.fromkeys(("1", "first", "1st", "primer", "primero", "premier", "1er", "erste"), 1),
    **dict.fromkeys(("2", "second", "2nd", "segundo", "deuxieme", "2e", "2eme", "zweite"), 2),
    **dict.fromkeys(("3", "third", "3rd", "tercer", "tercero", "troisieme", "3e", "dritte"), 3),
    **dict.fromkeys(("4", "fourth", "4th", "cuarto", "quatrieme", "4e", "vierte"), 4),
}
_ORDINAL = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_NAMED_QUARTER = re.compile(
    r"\bq([1-4])\b"
    rf"|\b({_ORDINAL})(?:[nr]|es)?[ .]*(?:quarter|trimestre|quartal)s?\b"
    rf"|\b(?:quarter|trimestre|quartal) ([1-4])\b"
)
""""Q3", "third quarter", "3rd quarter", "tercer trimestre", "3e trimestre", "3. Quartal",
"trimestre 3"."""
_THIS_QUARTER = re.compile(
    r"\b(?:this|current) quarter\b|\beste trimestre\b|\bce trimestre\b"
    r"|\btrimestre (?:actuel|en cours)\b|\b(?:dieses|laufende[ns]?) quartals?\b"
)
_LAST_QUARTER = re.compile(
    r"\b(?:last|previous) quarter\b|\btrimestre (?:pasado|anterior|dernier|precedent)\b"
    r"|\b(?:letzte[ns]?|vorige[ns]?|vergangene[ns]?) quartals?\b|\bvorquartal\b"
)
FORTNIGHT = re.compile(
    r"\b(?:last|past|previous) fortnight\b|\bultima quincena\b|\bquincena pasada\b"
    r"|\b(?:derniere|la) quinzaine\b(?!\s+(?:de|du|d)\b)"
)
"""A trailing fortnight; "la dernière quinzaine d'août" is half of a month instead
(``dates.part_of_month`` reads it first)."""
FORTNIGHT_DAYS = 14


def quarter_range(folded: str, today: date) -> tuple[date, date] | None:
    """The days of the quarter ``folded`` names, up to ``today``; None when it names none.

    Args:
        folded: the request, lower case without accents (``text.fold``).
        today: the business date.
    """
    current = (today.month - 1) // 3 + 1
    number: int | None = None
    year = today.year
    if _THIS_QUARTER.search(folded):
        number = current
    elif _LAST_QUARTER.search(folded):
        number = current - 1 or 4
        year = today.year if current > 1 else today.year - 1
    else:
        match = _NAMED_QUARTER.search(folded)
        if match is None:
            return None
        word = next(group for group in match.groups() if group)
        number = int(word) if word.isdigit() else _ORDINALS[word]
        if number > current:
            year -= 1
    start = date(year, 3 * number - 2, 1)
    end = date(year + (number == 4), (3 * number) % 12 + 1, 1) - timedelta(days=1)
    return start, min(end, today)
