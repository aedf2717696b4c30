"""What a message to a person is about: "chase Isaac Vogel on the proposal we sent".

When a request names a person and goes on with "about", "on", "regarding", "au sujet
de", "sobre", "wegen"... the words after it are the topic of what is said to that person,
not a job of their own: "chase Isaac Vogel on the proposal" asks for a message about the
proposal, not for a proposal, and "relance Tomas Yamamoto au sujet de notre
proposition" likewise. The tool picker counts a trigger found only inside such a topic
for the tools that address a person (an email, an invite), not for the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

TOPIC_WORDS = (
    "about",
    "on",
    "regarding",
    "re",
    "concerning",
    "over",
    "sobre",
    "acerca de",
    "respecto a",
    "en cuanto a",
    "au sujet de",
    "au sujet du",
    "a propos de",
    "a propos du",
    "concernant",
    "pour",
    "wegen",
    "bezuglich",
    "hinsichtlich",
    "zu",
    "zum",
    "zur",
    "uber",
)
"""Words that open the topic of a message, as ``normal`` writes them (folded)."""
GAP_WORDS = 2
"""At most this many words between the person's name and the topic word ("ping Yara
quickly about ..."; "hak bei Lina Vogel von Blue Data nach" is not a topic)."""
TOPIC_END = re.compile(r"\b(?:and|but|then|also|y|pero|luego|et|mais|puis|und|aber|dann|danach)\b")
"""A conjunction ends the topic: what follows is another part of the request."""
TOPIC_MAX_WORDS = 8
PERSON = "person"
"""The word a named person's name becomes for the trigger phrases (``mark_people``)."""


def mark_people(text: str, people: Iterable[Sequence[str]]) -> str:
    """``text`` (a ``normal`` request) with each named person's words made ``PERSON``:
    "chase isaac vogel on the proposal" reads "chase person on the proposal", so a
    trigger phrase written for a person ("chase person", "email person about") fits any
    name, one word or three."""
    for name in sorted((n for n in people if n), key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(' '.join(name))}\b", PERSON, text)
    return text


ORGANISATION = "orgname"
"""The word a named company's name becomes for the trigger phrases and BM25
(``mark_companies``): no trigger is written for it, so the name's own words ("bio",
"metrics", "data", "pay") score no tool."""


def mark_companies(text: str, companies: Iterable[Sequence[str]]) -> str:
    """``text`` (a ``normal`` request) with each named company's words made
    ``ORGANISATION``: "halo bio news" reads "orgname news"."""
    for name in sorted((n for n in companies if n), key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(' '.join(name))}\b", ORGANISATION, text)
    return text


def topic_spans(text: str, people: Iterable[Sequence[str]]) -> list[tuple[int, int]]:
    """Character spans of ``text`` (a ``normal`` request) that are a message's topic.

    Args:
        text: the normalised request (folded words joined by single spaces).
        people: each named person's words as written in ``text`` ("isaac vogel").
    """
    spans = []
    topic = "|".join(re.escape(w) for w in TOPIC_WORDS)
    for name in people:
        if not name:
            continue
        person = re.escape(" ".join(name))
        pattern = rf"\b{person}\b(?: \w+){{0,{GAP_WORDS}}}? (?:{topic}) "
        for match in re.finditer(pattern, text):
            start = match.end()
            rest = text[start:]
            end_word = TOPIC_END.search(rest)
            limit = end_word.start() if end_word else len(rest)
            words = rest[:limit].split()[:TOPIC_MAX_WORDS]
            spans.append((start, start + len(" ".join(words))))
    return spans


def inside(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    """Whether ``span`` lies within one of ``spans``."""
    return any(start <= span[0] and span[1] <= end for start, end in spans)
