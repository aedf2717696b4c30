"""Whether a field's name in a request is asked about rather than given a value.

"What's the next step on the Harbor Cloud deal?" names the field ``next_step`` as the
thing to be told; "set the next step to 'send the deck'" gives it a value. A question word
before the field's name in the same sentence (what's / which is / ¿cuál es / quelle est /
was ist), or nothing after the name but a place or a pronoun ("the next step there", "the
next step with them", "the next step on that opportunity"), means the request asks for
the field: the field's filler must not turn the rest of the question into a new value.
"""

from __future__ import annotations

import re

_ASKING_BEFORE = re.compile(
    r"(?:\bwhat(?:'s| is| was| are)?|\bwhich(?: is)?|\bwhats|\bany idea (?:of|about)|"
    r"\bremind me (?:of )?|\btell me|\bcual (?:es|son)|\bque|\bquel(?:le)?s? (?:est|sont)|"
    r"\bwas (?:ist|sind)|\bwie (?:lautet|sieht))\b[^.!?\n]{0,40}$",
    re.IGNORECASE,
)
"""A question word shortly before the field's name, in the same sentence."""

_ONLY_A_PLACE = re.compile(
    r"^(?:(?:there|here|then|now|again|please|for (?:it|them|that|this)|with (?:them|it|him|her)|"
    r"(?:on|for|with|of|at|in) (?:that|this|the|their|our) (?:one|deal|opportunity|account|lead|"
    r"company|side))\s*)+\??$",
    re.IGNORECASE,
)
"""What follows the field's name when it only points back at the record ("there",
"on that opportunity", "with them"): no value."""


def asked_about(text_before: str) -> bool:
    """Whether the words before a field's name ask what it is ("what's the agreed ...")."""
    return _ASKING_BEFORE.search(text_before[-200:]) is not None


def only_points_back(value: str) -> bool:
    """Whether a would-be value only points back at the record ("there", "with them")."""
    return _ONLY_A_PLACE.match(value.strip(" .!?,")) is not None or not value.strip(" .!?,")
