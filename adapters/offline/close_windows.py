"""The expected-close window a pipeline question names: "deals closing next week".

``dates.date_range`` reads periods that have passed ("this month" runs up to today, "in
January" is the last January), which is right for figures already recorded. A deal's
expected close lies ahead, so "closing this month" runs from today to the month's end and
"closing in January" means the coming January. The window is read only where the
request speaks of deals closing (or being signed); elsewhere a pipeline question lists
every open deal. A deal that closed is not in an open pipeline, so past tenses ("closed
last month") are left to the stage filter and give no window here.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from adapters.offline.dates import MONTHS, WEEKDAYS, absolute_dates
from adapters.offline.text import fold

_CLOSING = re.compile(
    r"\b(?:clos(?:e|es|ing)|(?:due|expected|set|slated|likely) to close|sign(?:s|ing)?|"
    r"land(?:s|ing)?|cierr[ae]n?|cerrar(?:se|an)?|cierre|se ferme(?:nt|ront)?|"
    r"clotur(?:e|ent|er|eront)|cloture|signer|signent|abschluss|abschliessen|"
    r"schliessen)\b|\b(?:werden|wird)\b.{0,80}\babgeschlossen\b"
)
"""Words for a deal closing or being signed, folded, in the present or future ("werden
nächste Woche abgeschlossen", not "wurden abgeschlossen")."""

_UNIT_DAYS = {"day": 1, "dia": 1, "jour": 1, "tag": 1, "week": 7, "semana": 7,
              "semaine": 7, "woche": 7}  # fmt: skip
_NEXT_DAYS = re.compile(
    r"\b(?:(?:in|within|over|during) (?:the )?(?:next|coming) |next |(?:los |las )?proxim[oa]s "
    r"|(?:dans )?les |(?:in den |innerhalb der )?nachsten )"
    r"(\d{1,3}) (day|dia|jour|tag|week|semana|semaine|woche)"
)
_WITHIN_DAYS = re.compile(r"\bwithin (?:a|one|(\d{1,3})) (day|week)s?\b")
_PROCHAINS = re.compile(r"\b(\d{1,3}) prochain(?:e)?s (jour|semaine)s?\b")

_WINDOWS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), name)
    for pattern, name in (
        (r"\b(?:next week|(?:la )?semana (?:que viene|proxima)|(?:la )?proxima semana|"
         r"(?:la )?semaine (?:prochaine|suivante)|nachste(?:n)? woche)\b", "next_week"),
        (r"\b(?:this week|by (?:the )?end of (?:the )?week|esta semana|cette semaine|"
         r"diese(?:r)? woche)\b", "this_week"),
        (r"\b(?:next month|(?:el )?mes que viene|(?:el )?proximo mes|le mois prochain|"
         r"nachste(?:n)? monat)\b", "next_month"),
        (r"\b(?:this month|(?:by |before )?(?:the )?end of (?:the |this )?month|month[- ]end|"
         r"este mes|(?:a )?fin(?:al)? de(?:l)? mes|ce mois(?:-ci)?|(?:d'ici la |a la )?fin du mois|"
         r"diese(?:n)? monat|(?:bis )?(?:zum )?(?:ende des monats|monatsende))\b", "this_month"),
        (r"\b(?:next quarter|(?:el )?proximo trimestre|le trimestre prochain|"
         r"nachste(?:n|s)? quartal)\b", "next_quarter"),
        (r"\b(?:this quarter|(?:by |before )?(?:the )?end of (?:the |this )?quarter|"
         r"quarter[- ]end|este trimestre|fin(?:al)? del trimestre|ce trimestre|"
         r"fin du trimestre|diese(?:s|m)? quartal|(?:bis )?(?:zum )?quartalsende)\b",
         "this_quarter"),
        (r"\b(?:this year|(?:by |before )?(?:the )?end of (?:the |this )?year|year[- ]end|"
         r"este ano|fin de ano|cette annee|fin de l'annee|dieses jahr|jahresende)\b",
         "this_year"),
    )
)  # fmt: skip

_BY_DAY = re.compile(
    r"\b(?:by|before|until|no later than|antes del?|para el|avant|d'ici|bis|vor)\s+"
    r"(?:(?:the|el|le|next|this|coming)\s+)?([a-z]+|\d[\w ,.-]*)"
)
_IN_MONTH = re.compile(r"\b(?:in|en|im|au mois de|courant|durante)\s+([a-z]+)\b")


def closing_window(text: str, today: date) -> tuple[date | None, date | None]:
    """The first and last expected-close days ``text`` asks about, or (None, None)."""
    folded = fold(text)
    if _CLOSING.search(folded) is None:
        return None, None
    return _ahead(folded, today) or (None, None)


def _ahead(folded: str, today: date) -> tuple[date, date] | None:
    days = _days_ahead(folded)
    if days is not None:
        return today, today + timedelta(days=days)
    for pattern, name in _WINDOWS:
        if pattern.search(folded):
            return _named(name, today)
    by_day = _by_day(folded, today)
    if by_day is not None:
        return today, by_day
    month = _IN_MONTH.search(folded)
    if month is not None and month.group(1) in MONTHS and len(month.group(1)) >= 3:
        return _coming_month(MONTHS[month.group(1)], today)
    return None


def _days_ahead(folded: str) -> int | None:
    for pattern in (_NEXT_DAYS, _PROCHAINS):
        match = pattern.search(folded)
        if match is not None:
            return int(match.group(1)) * _UNIT_DAYS[match.group(2)]
    within = _WITHIN_DAYS.search(folded)
    if within is not None:
        return int(within.group(1) or 1) * _UNIT_DAYS[within.group(2)]
    return None


def _named(name: str, today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    if name == "next_week":
        return monday + timedelta(days=7), monday + timedelta(days=13)
    if name == "this_week":
        return today, monday + timedelta(days=6)
    if name == "this_month":
        return today, _month_end(today.year, today.month)
    if name == "next_month":
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return date(year, month, 1), _month_end(year, month)
    quarter_start = 3 * ((today.month - 1) // 3) + 1
    if name == "this_quarter":
        return today, _month_end(today.year, quarter_start + 2)
    if name == "next_quarter":
        year, month = (today.year, quarter_start + 3) if quarter_start < 10 else (today.year + 1, 1)
        return date(year, month, 1), _month_end(year, month + 2)
    return today, date(today.year, 12, 31)  # this_year


def _by_day(folded: str, today: date) -> date | None:
    """The last day of "by Friday", "before 20 December", "bis Freitag"."""
    for match in _BY_DAY.finditer(folded):
        said = match.group(1)
        if said in WEEKDAYS:
            return today + timedelta(days=(WEEKDAYS[said] - today.weekday()) % 7 or 7)
        found = absolute_dates(said[:40], today)
        if found:
            day = found[0]
            return day if day >= today else _year_later(day)
    return None


def _coming_month(month: int, today: date) -> tuple[date, date]:
    """The month ahead (this one when it is this month): "closing in January"."""
    year = today.year if month >= today.month else today.year + 1
    start = today if (year, month) == (today.year, today.month) else date(year, month, 1)
    return start, _month_end(year, month)


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def _year_later(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
