"""Amounts written in words, in the four reply languages ("one hundred and fifty
dollars", "eighty thousand dollars", "ciento veinte dólares", "deux cents dollars",
"zweihundertfünfzig Dollar"), and numbers written with es/fr/de separators.

``with_digits`` rewrites each run of number words that stands right before a currency
word as digits, so the money patterns of ``extract`` read it like "150 dollars". Only a
run before a currency word is touched: "three of them" and "a hundred people" are not
money. Values add up word by word; "hundred" multiplies what came before it (or 1), and
"thousand"/"million" close a group ("dos mil quinientos" is 2,500). ``parse_number``
reads a number written the English way (1,250.50) or the es/fr/de way (1.250,50; 75,50).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from domain.negation import fold

_VALUES: dict[str, int] = {}
for _words, _start in (
    (
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen",
        0,
    ),
    (
        "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce "
        "quince dieciseis diecisiete dieciocho diecinueve",
        0,
    ),
    (
        "zero un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze "
        "quinze seize",
        0,
    ),
    ("null eins zwei drei vier funf sechs sieben acht neun zehn elf zwolf", 0),
):
    for _offset, _word in enumerate(_words.split()):
        _VALUES.setdefault(_word, _start + _offset)
_VALUES |= {
    "a": 1,
    "an": 1,
    "una": 1,
    "une": 1,
    "ein": 1,
    "eine": 1,
    "einen": 1,
}
for _tens, _names in (
    (20, "twenty veinte vingt zwanzig"),
    (30, "thirty treinta trente dreissig dreißig"),
    (40, "forty fourty cuarenta quarante vierzig"),
    (50, "fifty cincuenta cinquante funfzig"),
    (60, "sixty sesenta soixante sechzig"),
    (70, "seventy setenta siebzig"),
    (80, "eighty ochenta achtzig quatre-vingt quatre-vingts"),
    (90, "ninety noventa neunzig"),
):
    for _name in _names.split():
        _VALUES[_name] = _tens
_VALUES |= {"cien": 100, "ciento": 100}
for _hundreds, _name in enumerate(
    [
        "doscientos",
        "trescientos",
        "cuatrocientos",
        "quinientos",
        "seiscientos",
        "setecientos",
        "ochocientos",
        "novecientos",
    ],
    2,
):
    _VALUES[_name] = _hundreds * 100
_HUNDRED = frozenset({"hundred", "cent", "cents", "hundert"})
_GROUP = {
    "thousand": 1000,
    "mil": 1000,
    "mille": 1000,
    "tausend": 1000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "millon": 1_000_000,
    "millones": 1_000_000,
    "millionen": 1_000_000,
}
_JOINERS = frozenset({"and", "y", "et", "und"})
_GLUED_PARTS = sorted(
    {
        *(w for w in _VALUES if len(w) > 2 and "-" not in w),
        "sech",
        "sieb",
        "veinti",
        "hundert",
        "tausend",
        "und",
    },
    key=len,
    reverse=True,
)
_GLUED = re.compile("|".join(_GLUED_PARTS))
_GLUED_WORD = re.compile(f"(?:{_GLUED.pattern})+")
_GLUED_PART_VALUES = {"sech": 6, "sieb": 7, "veinti": 20}
_CURRENCY = re.compile(r"\s*(?:us\s)?(?:dollars?|dolares?|dolar|usd|bucks|eur|euros?|\$|€)(?!\w)")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def _parts(word: str) -> list[str] | None:
    """The number words of one token ("quatre-vingt-dix", "zweihundertfunfzig"), or None."""
    if word in _VALUES or word in _HUNDRED or word in _GROUP:
        return [word]
    if "-" in word:
        head = word.replace("quatre-vingts", "quatre-vingt")
        pieces = re.split(r"-(?!vingt)", head)
        found = [_parts(p) for p in pieces]
        if all(found):
            return [w for part in found if part for w in part]
        return None
    if len(word) > 5 and _GLUED_WORD.fullmatch(word) is not None:
        return [m.group(0) for m in _GLUED.finditer(word)]
    return None


def _value(words: list[str]) -> int | None:
    total = current = 0
    seen = False
    for word in words:
        if word in _JOINERS:
            continue
        if word in _HUNDRED:
            current = max(current, 1) * 100
        elif word in _GROUP:
            total += max(current, 1) * _GROUP[word]
            current = 0
        else:
            current += _VALUES.get(word, _GLUED_PART_VALUES.get(word, 0))
        seen = True
    return total + current if seen else None


def with_digits(text: str) -> str:
    """``text`` folded (lower case, no accents), each spelled amount before a currency
    word written in digits."""
    folded = fold(text)
    out: list[str] = []
    last = 0
    words = list(_WORD.finditer(folded))
    index = 0
    while index < len(words):
        run: list[str] = []
        end = index
        while end < len(words):
            token = words[end].group(0)
            parts = _parts(token)
            if parts is None and not (run and token in _JOINERS):
                break
            if end > index and folded[words[end - 1].end() : words[end].start()].strip():
                break  # a comma or other mark between the words ends the number
            run.extend(parts or [token])
            end += 1
        while end > index and words[end - 1].group(0) in _JOINERS:
            end -= 1
            run.pop()
        value = _value(run) if end > index else None
        if value and _CURRENCY.match(folded, words[end - 1].end()):
            out.append(folded[last : words[index].start()])
            out.append(str(value))
            last = words[end - 1].end()
            index = end
        else:
            index = max(end, index + 1)
    out.append(folded[last:])
    return "".join(out)


_EUROPEAN = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+,\d{1,2}")
"""Dots group thousands and a comma marks the cents: "1.000", "1.250,50", "75,50"."""


def parse_number(raw: str) -> Decimal | None:
    """``raw`` as a number: "1,250.50" and "1.250,50" are both 1250.50, "1.000" is 1000."""
    number = raw.strip()
    if _EUROPEAN.fullmatch(number):
        number = number.replace(".", "").replace(",", ".")
    try:
        return Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None
