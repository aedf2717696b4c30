"""Numbers, dates and times written in words, rewritten in digits for the argument fillers.

"the last sixty days", "knock fifteen percent off", "one hundred dollars", "the fifth of
September at half past two", "à dix heures" become "the last 60 days", "15 percent
off", "100 dollars", "5 of September at 2:30pm", "à 10h": the forms the count, date,
amount and percentage fillers already read. Only the numeric fillers read the rewritten
text; quoted text, names and drafts keep the user's words.

Words that are also something else stay as written: "one", "a", "un", "uno", "ein"
(articles), "once" (English), "sept" (September), "tres" (French "very").
"""

from __future__ import annotations

import re

from adapters.offline.dates import MONTHS
from adapters.offline.text import fold
from domain.spelled_numbers import with_digits as with_amounts_in_digits

_UNITS = {
    # en
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    # es
    "dos": 2,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "doce": 12,
    "quince": 15,
    # fr
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "quinze": 15,
    # de
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "funf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwolf": 12,
    "funfzehn": 15,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "veinte": 20,
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "noventa": 90,
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "soixante-dix": 70,
    "quatre-vingts": 80,
    "quatre-vingt": 80,
    "quatre-vingt-dix": 90,
    "zwanzig": 20,
    "dreissig": 30,
    "vierzig": 40,
    "funfzig": 50,
    "sechzig": 60,
    "neunzig": 90,
}
_HUNDRED = ("hundred", "cien", "cent", "hundert")
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "premier": 1,
    "1er": 1,
}
_CLOCK_HOURS = {**{k: v for k, v in _UNITS.items() if v <= 12}, "one": 1, "une": 1}

_UNIT_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
_TENS_WORD = "|".join(sorted(_TENS, key=len, reverse=True))
_ONES_AFTER_TENS = (
    "one|two|three|four|five|six|seven|eight|nine|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve"
)
_REST = (
    rf"(?:(?P<rest_tens>{_TENS_WORD})(?:[\s-]+(?:y\s+)?(?P<rest_ones>{_UNIT_WORD}))?"
    rf"|(?P<rest_unit>{_UNIT_WORD}))"
)
_CARDINAL = re.compile(
    rf"\b(?:(?P<hundreds>a|one|{_UNIT_WORD})[\s-]+(?:{'|'.join(_HUNDRED)})(?:\s+(?:and\s+)?{_REST})?"
    rf"|(?P<tens>{_TENS_WORD})(?:[\s-]+(?:y\s+|et\s+)?(?P<ones>{_ONES_AFTER_TENS}))?"
    rf"|(?P<unit>{_UNIT_WORD}))\b"
)
_ORDINAL_WORD = (
    r"(?:(?:twenty|thirty)[\s-]?)?(?:" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")"
)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORDINAL_DATE = re.compile(
    rf"\b(?:the\s+|le\s+)?({_ORDINAL_WORD})(?=\s+(?:of\s+)?(?:{_MONTH})\b)"
    rf"|\b({_MONTH})\s+(?:the\s+)?({_ORDINAL_WORD})\b"
)
_HALF_PAST = re.compile(r"\b(half|quarter)\s+past\s+(\w+)\b")
_QUARTER_TO = re.compile(r"\bquarter\s+to\s+(\w+)\b")
_DAYPART = re.compile(
    r"\b(\d{1,2})(?::(\d{2}))?\s+(?:o'?clock\s+)?in\s+the\s+(morning|afternoon|evening)\b"
)
_OCLOCK = re.compile(r"\b(\d{1,2})\s+o'?clock\b")
_HOURS_WORD = re.compile(r"\b(\d{1,2})\s*(?:heures?|uhr)\b")


def _cardinal(match: re.Match[str]) -> str:
    if match.group("hundreds") is not None:
        head = match.group("hundreds")
        value = 100 * (1 if head in ("a", "one") else _UNITS[head])
        value += _TENS.get(match.group("rest_tens") or "", 0)
        value += _UNITS.get(match.group("rest_ones") or match.group("rest_unit") or "", 0)
        return str(value)
    if match.group("tens") is not None:
        ones = match.group("ones") or ""
        extra = {"one": 1, "uno": 1, "tres": 3}.get(ones, _UNITS.get(ones, 0))
        return str(_TENS[match.group("tens")] + extra)
    return str(_UNITS[match.group("unit")])


def _ordinal(word: str) -> int:
    parts = re.split(r"[\s-]", word)
    if len(parts) == 2 or (len(parts) == 1 and word[:6] in ("twenty", "thirty") and word[6:]):
        tens, ones = parts if len(parts) == 2 else [word[:6], word[6:]]
        return _TENS[tens] + _ORDINALS[ones]
    return _ORDINALS[word]


def _ordinal_date(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return str(_ordinal(match.group(1)))  # "the fifth of September"
    return f"{match.group(2)} {_ordinal(match.group(3))}"  # "September the fifth"


def _hour(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _CLOCK_HOURS.get(word)


def _afternoon(hour: int, minute: int) -> str:
    """A time of day with no am/pm: 1 to 7 o'clock is afternoon in business hours."""
    suffix = "pm" if 1 <= hour <= 7 else ""
    return f"{hour}:{minute:02d}{suffix}"


def _past(match: re.Match[str]) -> str:
    hour = _hour(match.group(2))
    if hour is None:
        return match.group(0)
    return _afternoon(hour, 30 if match.group(1) == "half" else 15)


def _to(match: re.Match[str]) -> str:
    hour = _hour(match.group(1))
    if hour is None:
        return match.group(0)
    return _afternoon((hour - 2) % 12 + 1, 45)


def _daypart(match: re.Match[str]) -> str:
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = "am" if match.group(3) == "morning" else "pm"
    return f"{hour}:{minute:02d}{suffix}"


def with_digits(text: str) -> str:
    """``text`` folded (lower case, no accents) with numbers, dates and times in digits.

    Amounts before a currency word go first through ``domain.spelled_numbers``, which reads
    whole runs with their multipliers ("eighty thousand dollars", "deux cents dollars");
    the rules here would otherwise split them ("80 thousand", "2 cents")."""
    folded = fold(with_amounts_in_digits(text))  # this fold also spells "ß" as "ss"
    folded = _ORDINAL_DATE.sub(_ordinal_date, folded)
    folded = _HALF_PAST.sub(_past, folded)
    folded = _QUARTER_TO.sub(_to, folded)
    folded = _CARDINAL.sub(_cardinal, folded)
    folded = _DAYPART.sub(_daypart, folded)
    folded = _OCLOCK.sub(lambda m: _afternoon(int(m.group(1)), 0), folded)
    return _HOURS_WORD.sub(lambda m: f"{m.group(1)}h", folded)
