"""Text normalisation shared by the classifier, the lexicon and the clause splitter."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower-case ``text``, drop accents, unify quotes and collapse whitespace.

    "¿Cuál es la previsión?" becomes "¿cual es la prevision?", so a request typed
    without accents looks like one typed with them. The length can change (ß becomes
    ss), so positions in the result only compare with other normalised text.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def word_count(text: str) -> int:
    """How many words ``text`` has (letters or digits, any language)."""
    return len(re.findall(r"\w+", text))
