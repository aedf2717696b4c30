"""Dates in a request: day ranges ("last 30 days", "in August") and moments ("tomorrow 3pm").

Relative phrases resolve against the tenant's business date, never the machine clock,
so the same request gives the same arguments on any day.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from adapters.offline.quarters import FORTNIGHT, FORTNIGHT_DAYS, quarter_range
from adapters.offline.text import fold

MONTHS = {
    **dict.fromkeys(("january", "jan", "enero", "janvier", "januar"), 1),
    **dict.fromkeys(("february", "feb", "febrero", "fevrier", "februar"), 2),
    **dict.fromkeys(("march", "mar", "marzo", "mars", "marz"), 3),
    **dict.fromkeys(("april", "apr", "abril", "avril"), 4),
    **dict.fromkeys(("may", "mayo", "mai"), 5),
    **dict.fromkeys(("june", "jun", "junio", "juin", "juni"), 6),
    **dict.fromkeys(("july", "jul", "julio", "juillet", "juli"), 7),
    **dict.fromkeys(("august", "aug", "agosto", "aout"), 8),
    **dict.fromkeys(("september", "sep", "sept", "septiembre", "septembre"), 9),
    **dict.fromkeys(("october", "oct", "octubre", "octobre", "oktober"), 10),
    **dict.fromkeys(("november", "nov", "noviembre", "novembre"), 11),
    **dict.fromkeys(("december", "dec", "diciembre", "decembre", "dezember"), 12),
}
WEEKDAYS = {
    **dict.fromkeys(("monday", "lunes", "lundi", "montag"), 0),
    **dict.fromkeys(("tuesday", "tue", "tues", "martes", "mardi", "dienstag"), 1),
    **dict.fromkeys(("wednesday", "wed", "miercoles", "mercredi", "mittwoch"), 2),
    **dict.fromkeys(("thursday", "thu", "thurs", "jueves", "jeudi", "donnerstag"), 3),
    **dict.fromkeys(("friday", "fri", "viernes", "vendredi", "freitag"), 4),
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(\d{{4}}))?")
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+|de\s+)?({_MONTH})\b\.?(?:\s+(\d{{4}}))?"
)
_UNIT_DAYS = {
    "day": 1,
    "dia": 1,
    "jour": 1,
    "tag": 1,
    "week": 7,
    "semana": 7,
    "semaine": 7,
    "woche": 7,
    "month": 30,
    "mes": 30,
    "mois": 30,
    "monat": 30,
}
_UNIT = (
    r"(days?|dias?|jours?|tagen?|weeks?|semanas?|semaines?|wochen?"
    r"|months?|mes(?:es)?|mois|monaten?)"
)
_COUNT_WORDS = {
    **dict.fromkeys(("two", "dos", "deux", "zwei"), 2),
    **dict.fromkeys(("three", "tres", "trois", "drei"), 3),
    **dict.fromkeys(("four", "cuatro", "quatre", "vier"), 4),
    **dict.fromkeys(("six", "seis", "sechs"), 6),
}
"""Small counts of a trailing window written as words ("the past two weeks")."""
_COUNT = r"(\d{1,3}|" + "|".join(_COUNT_WORDS) + ")"
_PAST = re.compile(
    rf"\b(?:last|past|previous|ultim[oa]s|letzten)\s+{_COUNT}\s+{_UNIT}"
    rf"|\b{_COUNT}\s+{_UNIT}\s+(?:ago|derniers|dernieres)"
    rf"|\b{_COUNT}\s+(?:derniers|dernieres)\s+{_UNIT}"
)
_FUTURE = re.compile(
    rf"\b(?:next|within|coming|proxim[oa]s?|prochaine?s?|nachsten?)\s+"
    rf"(?:(?:the|a|an|one)\s+)?(\d{{1,3}}|two|three|four|six)?\s*{_UNIT}"
)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "six": 6}
"""Small counts written as words; no number at all ("next month") is one unit."""
_CLOCK = re.compile(
    r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|h|uhr|heures?)(?!\w)|\b(\d{1,2}):(\d{2})\b"
    r"|\b(?:at|um|a las|a la|vers)\s+(\d{1,2})\b(?![:.]\d|\s*(?:am|pm|h|uhr|heures?)(?!\w))"
)
"""A time of day: "3pm", "15:00", "9 Uhr", "9 heures", "9h", "at 9", "um 9", "a las 9"."""


def absolute_dates(text: str, today: date) -> list[date]:
    """Calendar dates written out ("2026-09-10", "September 10", "10 Sept 2026")."""
    folded = fold(text)
    found: list[tuple[int, date]] = []
    for m in _ISO.finditer(folded):
        found.append((m.start(), _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
    for m in _MONTH_DAY.finditer(folded):
        found.append((m.start(), _in_year(MONTHS[m.group(1)], int(m.group(2)), m.group(3), today)))
    for m in _DAY_MONTH.finditer(folded):
        found.append((m.start(), _in_year(MONTHS[m.group(2)], int(m.group(1)), m.group(3), today)))
    return [d for _, d in sorted(found, key=lambda item: item[0]) if d != date.min]


def window_days(text: str) -> int | None:
    """Length of a trailing window ("last 30 days" gives 30, "past 2 weeks" gives 14)."""
    folded = fold(text)
    match = _PAST.search(folded)
    if not match:
        return FORTNIGHT_DAYS if FORTNIGHT.search(folded) else None
    number, unit = (group for group in match.groups() if group)
    count = int(number) if number.isdigit() else _COUNT_WORDS[number]
    return count * _unit_days(unit)


def future_days(text: str) -> int | None:
    """Length of a window ahead ("in the next 60 days" gives 60, "next month" 30)."""
    match = _FUTURE.search(fold(text))
    if not match:
        return None
    count = match.group(1) or "1"
    number = int(count) if count.isdigit() else _NUMBER_WORDS[count]
    return number * _unit_days(match.group(2))


def date_range(text: str, today: date) -> tuple[date | None, date | None]:
    """The inclusive day range a request asks about, or (None, None).

    Two periods set side by side ("August vs July") give the range covering both; the
    query is then split by ``compared_periods``' unit, so each period gets its figure.
    """
    folded = fold(text)
    compared = compared_periods(folded, today)
    if compared:
        return compared[0], compared[1]
    part = part_of_month(folded, today)
    if part:
        return part
    days = window_days(folded)
    if days:
        return today - timedelta(days=days), today - timedelta(days=1)
    named = _named_range(folded, today) or quarter_range(folded, today)
    if named:
        return named
    dates = absolute_dates(folded, today)
    if len(dates) >= 2:
        return min(dates[:2]), max(dates[:2])
    if dates and re.search(r"\b(?:since|from|desde|depuis|seit)\b", folded):
        return dates[0], today
    if dates:
        return dates[0], dates[0]
    return _month_range(folded, today)


_WHOLE_MONTH = "|".join(sorted((m for m in MONTHS if len(m) >= 4), key=len, reverse=True))
_MONTH_ALONE = re.compile(rf"\b({_WHOLE_MONTH})\b(?!\.?\s+\d)")
"""A month named as a whole period ("August", "julio"), not a day of it ("August 24");
the three-letter forms are left out ("may", "mar" and "sep" are words too)."""
_DAY_BEFORE_MONTH = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:of\s+|de\s+)?$")
_LAST_AND_BEFORE = {
    "month": (
        r"\b(?:last|previous) month\b|\bmes pasado\b|\bmois dernier\b"
        r"|\b(?:letzte|vorige|vergangene)[nm]? monat\b",
        r"\b(?:the )?month before\b|\bmonth prior\b|\bmes anterior\b|\bmois precedent\b"
        r"|\bmois d avant\b|\bvormonat\b|\bmonat davor\b",
        r"\bthis month\b|\beste mes\b|\bce mois\b|\bdiese[nm]? monat\b",
    ),
    "week": (
        r"\b(?:last|previous) week\b|\bsemana pasada\b|\bsemaine derniere\b"
        r"|\b(?:letzte|vorige|vergangene)n? woche\b",
        r"\b(?:the )?week before\b|\bweek prior\b|\bsemana anterior\b"
        r"|\bsemaine precedente\b|\bsemaine d avant\b|\bvorwoche\b|\bwoche davor\b",
        r"\bthis week\b|\besta semana\b|\bcette semaine\b|\bdiese woche\b",
    ),
}
_LAST_ALONE = re.compile(r"\b(?:vs\.?|versus|than|compared (?:to|with)|against|or)\s+last\b")
""""this month vs last": the second period is named by "last" alone."""


def compared_periods(text: str, today: date) -> tuple[date, date, str] | None:
    """Two calendar periods set side by side, as (first day, last day, unit), or None.

    "August vs July", "¿más en agosto que en julio?", "last month compared with the month
    before", "this week vs last": a comparison needs a figure for each period, so the
    range covers both and ``unit`` ("month" or "week") is how to split it.
    """
    folded = fold(text)
    months = []
    for m in _MONTH_ALONE.finditer(folded):
        if _DAY_BEFORE_MONTH.search(folded[: m.start()]):
            continue  # "24 August" is a day
        number = MONTHS[m.group(1)]
        if number not in months:
            months.append(number)
    if len(months) >= 2:
        spans = [_month_span(number, today) for number in months[:2]]
        return min(s for s, _ in spans), min(max(e for _, e in spans), today), "month"
    halves = _compared_halves(folded, today)
    if halves:
        return halves
    for unit, (last, before, this) in _LAST_AND_BEFORE.items():
        has_last, has_this = re.search(last, folded), re.search(this, folded)
        if has_last and re.search(before, folded):
            start, end = _unit_span(unit, today, back=2)
            return start, end, unit
        if has_this and (has_last or _LAST_ALONE.search(folded)):
            start, _ = _unit_span(unit, today, back=1)
            return start, today, unit
    return None


def _month_span(month: int, today: date) -> tuple[date, date]:
    year = today.year if month <= today.month else today.year - 1
    start = date(year, month, 1)
    return start, date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def _unit_span(unit: str, today: date, *, back: int) -> tuple[date, date]:
    """From the start of the ``back``-th previous month or week to the end of the last one."""
    if unit == "week":
        monday = today - timedelta(days=today.weekday())
        return monday - timedelta(days=7 * back), monday - timedelta(days=1)
    first = today.replace(day=1)
    start = first
    for _ in range(back):
        start = (start - timedelta(days=1)).replace(day=1)
    return start, first - timedelta(days=1)


def moment(text: str, today: date) -> datetime | None:
    """A point in time for a meeting or post ("tomorrow at 3pm"); 10:00 when no hour is given."""
    folded = fold(text)
    iso = re.search(r"\b(\d{4}-\d{2}-\d{2})[t ](\d{1,2}):(\d{2})", folded)
    if iso:
        stamp = date.fromisoformat(iso.group(1))
        return datetime.combine(stamp, time(int(iso.group(2)), int(iso.group(3))))
    day = _day(folded, today)
    hour = _clock(folded)
    if day is None and hour is None:
        return None
    return datetime.combine(day or today + timedelta(days=1), hour or time(10, 0))


def _day(folded: str, today: date) -> date | None:
    dates = absolute_dates(folded, today)
    if dates:
        return dates[0]
    if re.search(r"\b(?:day after tomorrow|pasado manana)\b", folded):
        return today + timedelta(days=2)
    if re.search(r"\b(?:tomorrow|manana|demain|morgen)\b", folded):
        return today + timedelta(days=1)
    if re.search(r"\b(?:today|hoy|aujourd ?hui|heute)\b", folded):
        return today
    in_days = re.search(r"\bin\s+(\d{1,2})\s+days?\b", folded)
    if in_days:
        return today + timedelta(days=int(in_days.group(1)))
    next_week = _NEXT_WEEK.search(folded) is not None
    for word, weekday in WEEKDAYS.items():
        if re.search(rf"\b{word}\b", folded):
            if next_week:  # "Thursday next week": that weekday of the coming calendar week
                return today + timedelta(days=7 - today.weekday() + weekday)
            ahead = (weekday - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    if next_week:
        return today + timedelta(days=7 - today.weekday())
    return None


_NEXT_WEEK = re.compile(
    r"\b(?:next week|(?:la )?semana (?:que viene|proxima)|(?:la )?proxima semana|"
    r"(?:la )?semaine (?:prochaine|suivante)|nachste(?:n)? woche)\b"
)
"""A phrase naming the coming calendar week ("next week", "la semana que viene", "la
semaine prochaine", "nächste Woche"); with a weekday it dates that day of that week."""


def _clock(folded: str) -> time | None:
    if re.search(r"\b(?:noon|midday|mediodia|midi)\b", folded):
        return time(12, 0)
    for m in _CLOCK.finditer(folded):
        if m.group(1):
            hour, minute, suffix = int(m.group(1)), int(m.group(2) or 0), m.group(3)
            if suffix == "pm" and hour < 12:
                hour += 12
            if suffix == "am" and hour == 12:
                hour = 0
        elif m.group(4):
            hour, minute = int(m.group(4)), int(m.group(5))
        else:
            hour, minute = int(m.group(6)), 0
            hour = hour + 12 if hour < 8 else hour
        if 0 <= hour < 24 and 0 <= minute < 60:
            return time(hour, minute)
    return None


def _named_range(folded: str, today: date) -> tuple[date, date] | None:
    yesterday = today - timedelta(days=1)
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    last_month_end = first - timedelta(days=1)
    ranges = [
        (r"\b(?:yesterday|ayer|hier|gestern)\b", (yesterday, yesterday)),
        (
            r"\b(?:last|previous) week\b|\bsemana pasada\b|\bsemaine derniere\b"
            r"|\b(?:letzte|vorige|vergangene)n? woche\b",
            (monday - timedelta(days=7), monday - timedelta(days=1)),
        ),
        (r"\bthis week\b|\besta semana\b|\bcette semaine\b|\bdiese woche\b", (monday, today)),
        (
            r"\b(?:last|previous) month\b|\bmes pasado\b|\bmois dernier\b"
            r"|\b(?:letzte|vorige|vergangene)[nm]? monat\b",
            (last_month_end.replace(day=1), last_month_end),
        ),
        (r"\bthis month\b|\beste mes\b|\bce mois\b|\bdiese[nm]? monat\b", (first, today)),
        (
            r"\bthis year\b|\beste ano\b|\bcette annee\b|\bdieses jahr\b",
            (today.replace(month=1, day=1), today),
        ),
        (r"\b(?:today|hoy|heute)\b", (today, today)),
    ]
    for pattern, span in ranges:
        if re.search(pattern, folded):
            return span
    return None


_ORDINAL_PART = {
    **dict.fromkeys(("first", "1st", "primera", "premiere", "erste", "ersten"), 1),
    **dict.fromkeys(("second", "2nd", "segunda", "deuxieme", "seconde", "zweite", "zweiten"), 2),
    **dict.fromkeys(("third", "3rd", "tercera", "troisieme", "dritte", "dritten"), 3),
    **dict.fromkeys(("fourth", "4th", "cuarta", "quatrieme", "vierte", "vierten"), 4),
    **dict.fromkeys(("last", "final", "ultima", "derniere", "letzte", "letzten"), -1),
}
_ORDINAL = "|".join(sorted(_ORDINAL_PART, key=len, reverse=True))
_PART_OF_MONTH = re.compile(
    rf"\b(?:the\s+|la\s+|el\s+|die\s+|der\s+)?({_ORDINAL})\s+"
    r"(week|half|semana|quincena|mitad|semaine|quinzaine|moitie|woche|halfte|monatshalfte)\s+"
    rf"(?:of\s+|de\s+|del mes de\s+|d'|de l'|im\s+|des\s+|vom\s+)?({_MONTH})\b"
)
"""A part of a named month: "the first week of August", "second half of July", "la
primera semana de agosto", "la dernière semaine d'août", "die erste Woche im August"."""
_PART_OF_MONTH_COMPOUND = re.compile(rf"\b({_ORDINAL})\s+({_MONTH})(halfte|woche)\b")
"""The German compound of a month and its part: "die zweite Julihälfte", "letzte Augustwoche"."""
_HALVES = frozenset({"half", "quincena", "mitad", "quinzaine", "moitie", "halfte", "monatshalfte"})


def part_of_month(folded: str, today: date) -> tuple[date, date] | None:
    """The days of a week or half of a named month ("first week of August": the 1st to
    the 7th; "last week": its last seven days; "second half": the 16th to the end), up to
    ``today``; None when the text names no such part."""
    match = _PART_OF_MONTH.search(folded)
    compound = None if match else _PART_OF_MONTH_COMPOUND.search(folded)
    if match is not None:
        ordinal, unit, month = _ORDINAL_PART[match.group(1)], match.group(2), MONTHS[match.group(3)]
    elif compound is not None:
        ordinal, month, unit = (
            _ORDINAL_PART[compound.group(1)],
            MONTHS[compound.group(2)],
            compound.group(3),
        )
    else:
        return None
    year = today.year if month <= today.month else today.year - 1
    first = date(year, month, 1)
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    if unit in _HALVES:
        if ordinal not in (1, 2, -1):
            return None
        start, end = (
            (first, first.replace(day=15)) if ordinal == 1 else (first.replace(day=16), last)
        )
    elif ordinal == -1:
        start, end = last - timedelta(days=6), last
    else:
        start = first + timedelta(days=7 * (ordinal - 1))
        end = min(start + timedelta(days=6), last)
    return (start, min(end, today)) if start <= today else None


_HALF_OF = re.compile(
    rf"\b({_ORDINAL})\s+(?:half|quincena|mitad|quinzaine|moitie|halfte|monatshalfte)\b|"
    rf"\b({_ORDINAL})\s+(?:{_MONTH})halfte\b|"
    rf"\b(?:or|vs|versus|than|against|frente a|o|ou|contre|oder|gegenuber)\s+"
    rf"(?:the\s+|la\s+|el\s+|die\s+|der\s+|le\s+)?({_ORDINAL})\b(?!\s+(?:week|semana|semaine|woche))"
)


def _compared_halves(folded: str, today: date) -> tuple[date, date, str] | None:
    """Both halves of one named month set side by side ("the first half of August or the
    second half", "la primera quincena de julio frente a la segunda"): the month, split
    into halves."""
    ordinals = {_ORDINAL_PART[next(g for g in m.groups() if g)] for m in _HALF_OF.finditer(folded)}
    if len(ordinals & {1, 2, -1}) < 2 or 1 not in ordinals:
        return None
    part = part_of_month(folded, today)
    if part is None:
        return None
    start = part[0].replace(day=1)
    end = (start + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    return start, min(end, today), "half_month"


def _month_range(folded: str, today: date) -> tuple[date | None, date | None]:
    since = re.search(
        rf"\b(?:since|from|starting|desde|depuis|seit)\s+(?:(?:the\s+)?(?:start|beginning)\s+of\s+)?"
        rf"({_MONTH})\b(?!\s+\d)",
        folded,
    )
    if since:  # "since June": from the month's first day up to today
        month = MONTHS[since.group(1)]
        year = today.year if month <= today.month else today.year - 1
        until = re.match(
            rf"\s+(?:to|until|till|through|thru|and|hasta|a|au|jusqu a|bis)\s+({_MONTH})\b",
            folded[since.end() :],
        )
        if until:  # "from July to August": through the last day of the second month
            last = MONTHS[until.group(1)]
            end_year = year if last >= month else year + 1
            end = date(end_year + (last == 12), last % 12 + 1, 1) - timedelta(days=1)
            return date(year, month, 1), min(end, today)
        return date(year, month, 1), today
    match = re.search(
        rf"\b(?:in|during|for|over|throughout|across|en|durante|pendant|au mois de|"
        rf"au cours de|im|wahrend)\s+({_MONTH})\b",
        folded,
    )
    if not match:
        return _bare_month(folded, today)
    month = MONTHS[match.group(1)]
    year = today.year if month <= today.month else today.year - 1
    start = date(year, month, 1)
    end = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
    return start, min(end, today)


_NOT_THE_PERIOD = re.compile(
    r"\b(?:since|until|till|by|before|after|from|to|next|hasta|antes|despues|avant|apres"
    r"|jusqu a|bis|vor|nach)\s+(?:the\s+)?(?:end\s+of\s+)?$"
)


def _bare_month(folded: str, today: date) -> tuple[date | None, date | None]:
    """The one month a request names as its subject, with no preposition ("how much
    did August bring in", "August's revenue"): that month, when it has begun.

    Not a day of it ("August 24"), not a bound ("by August", "before July") and not a
    month ahead ("the October summit" names no period to report on).
    """
    named = {
        MONTHS[m.group(1)]
        for m in _MONTH_ALONE.finditer(folded)
        if not _NOT_THE_PERIOD.search(folded[: m.start()])
        and not _DAY_BEFORE_MONTH.search(folded[: m.start()])
    }
    mentioned = {MONTHS[m.group(1)] for m in _MONTH_ALONE.finditer(folded)}
    if len(named) != 1 or len(mentioned) != 1:
        return None, None
    month = named.pop()
    if month > today.month:
        return None, None
    start = date(today.year, month, 1)
    end = date(today.year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return start, min(end, today)


def _unit_days(unit: str) -> int:
    for stem, days in _UNIT_DAYS.items():
        if unit.startswith(stem):
            return days
    return 1


def _in_year(month: int, day: int, year: str | None, today: date) -> date:
    if year:
        return _safe_date(int(year), month, day)
    candidate = _safe_date(today.year, month, day)
    return candidate


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        return date.min
