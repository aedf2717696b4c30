"""The request as written, with its misspelt words put right, for everything that reads it.

The tool picker forgives typos when it scores tools (``ToolPicker.correct``), but the
argument fillers, the question and negation readers and the answer read the request as
typed: "how many tickts did we sell in agust?" picks the metrics query, then finds no
metric ("tickts") and no month ("agust") in it. ``respelled`` gives them the same
reading the picker has: a lower-case word of five letters or more that neither the bound
tools' vocabulary, the common words, the tenant's record names nor the dictionary the
embedding model's tokenizer ships (``adapters.embeddings.tokenizer_words``: "three" is
a word, not a typo of "there") know becomes the closest tool or common word (``difflib``
ratio 0.8, as the picker uses). Everything else stays as
typed: capitalised words (names), emails, order numbers, links and anything with a digit,
and requests in Spanish, French or German (the tool words are English; a correct word of
another language close to one is no typo).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from difflib import get_close_matches
from functools import cache, lru_cache

from adapters.embeddings import tokenizer_words
from adapters.offline.text import fold
from domain.language import detect_language

MIN_LENGTH = 5
MAX_TEXT = 2000
"""A longer text (a pasted document: the server takes 256 KB) stays as typed: each unknown
word costs a search of the whole vocabulary, and a request is rarely this long."""
CUTOFF = 0.8
_CHUNK = re.compile(r"\S+")
_WORD = re.compile(r"[^\W\d_]+")
_LITERAL = re.compile(r"[@/\d_]|\w\.\w")
"""A chunk that is an address, a link, an identifier or a number: never corrected."""
CONTRACTIONS = frozenset(
    [
        "dont",
        "doesnt",
        "cant",
        "wont",
        "isnt",
        "shouldnt",
        "wouldnt",
        "couldnt",
        "havent",
        "hasnt",
        "didnt",
        "arent",
        "wasnt",
        "werent",
        "mustnt",
        "neednt",
        "aint",
        "hadnt",
    ]
)
"""Negations typed without their apostrophe: never put right, least of all into their
positive ("shouldnt" is not a misspelt "should")."""


def _loses_an_ending(word: str, close: str) -> bool:
    """Whether ``close`` is ``word`` cut short ("shouldnt": "should", "havent": "haven"):
    a correction drops no ending, least of all a negation's "nt"."""
    return any(
        close and stem.startswith(close)
        for stem in (word, word.removesuffix("t"), word.removesuffix("nt"))
    )


def respelled(
    text: str,
    vocabulary: Collection[str],
    known: Collection[str] = (),
    *,
    stems: Collection[str] = (),
) -> str:
    """``text`` with each unknown lower-case word replaced by the closest ``vocabulary`` word.

    ``known`` words (the tenant's record names) are never changed, nor is a word a
    ``stems`` entry starts (a trigger stem that takes any ending: "renvoyer"). Every
    agent turn reads its request again: the answer is remembered per text.
    """
    if len(text) > MAX_TEXT:
        return text
    return _respelled(text, frozenset(vocabulary), frozenset(known), frozenset(stems))


@lru_cache(maxsize=512)
def _respelled(
    text: str, vocabulary: frozenset[str], known: frozenset[str], stems: frozenset[str]
) -> str:
    if detect_language(text) != "en":
        return text
    targets = sorted(vocabulary)

    def fix_word(match: re.Match[str]) -> str:
        word = match.group(0)
        if not (word.isascii() and word.islower()) or len(word) < MIN_LENGTH:
            return word  # a capitalised word is a name; a short one too close to others
        if word in known or word in CONTRACTIONS or is_word(word, vocabulary):
            return word
        if any(word[:n] in stems for n in range(4, len(word))):
            return word
        close = get_close_matches(word, targets, n=1, cutoff=CUTOFF)
        if not close or (len(close[0]) > len(word) and close[0].endswith(word)):
            return word  # nothing close, or only the word with a prefix ("usual"/"unusual")
        if _loses_an_ending(word, close[0]):
            return word  # only the word cut short ("shouldnt"/"should")
        return close[0]

    def fix_chunk(match: re.Match[str]) -> str:
        chunk = match.group(0)
        if _LITERAL.search(chunk):
            return chunk
        return _WORD.sub(fix_word, chunk)

    return _CHUNK.sub(fix_chunk, text)


_SUFFIXES = (
    ("ies", "y"),
    ("es", ""),
    ("es", "e"),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
    ("ly", ""),
    ("er", ""),
    ("est", ""),
)
"""Inflections read back to a known word ("workshops", "speakers", "slowed")."""


def _stems(word: str) -> list[str]:
    """The words ``word`` may inflect ("workshops": "workshop", "workshope")."""
    return [
        word[: -len(suffix)] + ending
        for suffix, ending in _SUFFIXES
        if word.endswith(suffix) and len(word) - len(suffix) >= 3
    ]


def is_word(word: str, vocabulary: Collection[str]) -> bool:
    """A word of the tools or the dictionary, or an inflection of one."""
    return any(w in vocabulary or w in dictionary() for w in [word, *_stems(word)])


def inflected_from(word: str, vocabulary: Collection[str]) -> str | None:
    """The ``vocabulary`` word ``word`` inflects ("urgently": "urgent"), if any."""
    return next((stem for stem in _stems(word) if stem in vocabulary), None)


@cache
def dictionary() -> frozenset[str]:
    """The tokenizer's whole words, folded as requests are."""
    return frozenset(fold(word) for word in tokenizer_words(MIN_LENGTH))
