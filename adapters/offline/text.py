"""Text normalisation for matching: lower case, no accents, plain word tokens."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

_WORD = re.compile(r"[a-z0-9]+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


def fold(text: str) -> str:
    """Lower-case ``text`` and drop accents ("Réunion" becomes "reunion")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_ELISION = re.compile(r"\b(l|d|qu|n|s|j|c|m|t)'(?=[a-z])")
"""A French elided article or pronoun ("l'entreprise", "chiffre d'affaires") is a word of
its own, so "d'affaires" reads "d affaires" as the phrases are written, not "daffaires"."""


def tokens(text: str) -> list[str]:
    """The folded word tokens of ``text``; an apostrophe-s ("Acme's") is dropped."""
    folded = _ELISION.sub(r"\1 ", re.sub(r"'s\b", "", fold(text)))
    return _WORD.findall(folded.replace("'", ""))


def normal(text: str) -> str:
    """Folded tokens joined by single spaces: the form every phrase is matched in."""
    return " ".join(tokens(text))


def similar(a: str, b: str) -> float:
    """Similarity of two strings in [0, 1] (difflib ratio)."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
