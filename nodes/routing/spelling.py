"""Read a misspelt word as the training word it was meant to be.

The n-gram view already forgives some typos (a misspelt word still shares part of its
character n-grams), but a swapped or dropped letter in a short trigger word breaks most
of them: "rmeind" shares two of "remind"'s trigrams, and the keyword lexicon matches
none. ``Speller`` corrects such words before the classifier reads a request:

- only words of ``MIN_LENGTH`` or more letters, written in lower case (a capitalised
  word inside a sentence is a name; ``names`` deals with those), are looked at;
- a word any training request uses, or a whole word of the embedding model's tokenizer
  (about 7,900 common words of six letters or more), is a known word and stays;
- an unknown word becomes the training word at the smallest edit distance (insertions,
  deletions, substitutions and swaps of neighbouring letters): 1 for words under
  ``LONG_WORD`` letters, up to 2 for longer ones; of several at that distance, the one
  the training requests use most (one with the same first letter first). Nothing
  that close: the word stays;
- English requests only (``Speller.correct``).

The vocabulary is learned from the training requests (``Speller.learn``), so a trigger
word the router learns is also a word it recognises misspelt; there is no list of
typos. The classifier trains on the training requests as written (their deliberate
typos still teach the n-gram view what misspelt words look like; correcting them
before training shifted borderline requests, "audience by industry" from marketing to
analytics) and corrects only the requests it reads.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from adapters.embeddings import tokenizer_words as embedding_tokenizer_words
from domain.language import detect_language
from nodes.routing.text import normalise

MIN_LENGTH = 5
LONG_WORD = 8
MIN_COUNT = 2
"""A word the training requests use at least this often can be a correction."""
TYPO_RATIO = 5
"""A training word used at most ``MIN_COUNT`` times, one edit from a word used this many
times as often (and not a dictionary word), is itself treated as a typo."""
_SUFFIXES = (
    ("ies", ("y",)),
    ("es", ("", "e")),
    ("s", ("",)),
    ("ed", ("", "e")),
    ("ing", ("", "e")),
    ("ly", ("",)),
    ("er", ("", "e")),
    ("est", ("", "e")),
)
"""Inflections read back to a known word: "rounds", "spikes", "slowed", "spinning"."""
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;¿¡\"(]\s*|\n)$")


def _deletes(word: str, depth: int) -> set[str]:
    """``word`` with up to ``depth`` letters deleted (``word`` itself included)."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, swaps."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _allowed(word: str) -> int:
    return 2 if len(word) >= LONG_WORD else 1


@cache
def tokenizer_words() -> frozenset[str]:
    """Whole words (five letters or more) of the embedding model's tokenizer vocabulary."""
    return frozenset(normalise(word) for word in embedding_tokenizer_words(MIN_LENGTH))


@dataclass(frozen=True)
class Speller:
    """The training vocabulary (with counts) and an index of its words' deletions."""

    counts: dict[str, int]
    known: frozenset[str]
    index: dict[str, tuple[str, ...]]

    @classmethod
    def learn(cls, texts: Iterable[str], extra_known: Iterable[str] = ()) -> Speller:
        """The vocabulary of ``texts``; ``extra_known`` words are known but never targets."""
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(_WORD.findall(normalise(text)))
        index: defaultdict[str, set[str]] = defaultdict(set)
        for word, count in counts.items():
            if len(word) >= MIN_LENGTH - 1 and count >= MIN_COUNT:
                for deleted in _deletes(word, _allowed(word)):
                    index[deleted].add(word)
        dictionary = frozenset(extra_known)
        speller = cls(
            counts=dict(counts),
            known=dictionary,
            index={key: tuple(sorted(words)) for key, words in index.items()},
        )
        # A rare training word one edit from a far more frequent one with the same first
        # letter is a typo the training requests carry on purpose ("campain"): it is
        # read as that word too.
        typos = {
            word
            for word, count in counts.items()
            if count <= MIN_COUNT
            and len(word) > MIN_LENGTH
            and (fixed := speller.correction(word)) is not None
            and fixed[0] == word[0]
            and edit_distance(word, fixed) == 1
            and counts[fixed] >= TYPO_RATIO * count
            and not (fixed.startswith(word) or word.startswith(fixed))  # "timeline(s)"
        }
        return cls(
            counts=speller.counts,
            known=frozenset(counts.keys() - typos) | dictionary,
            index=speller.index,
        )

    def correction(self, word: str) -> str | None:
        """The training word ``word`` (normalised) was meant to be, or None."""
        if len(word) < MIN_LENGTH or self._is_known(word):
            return None
        limit = _allowed(word)
        candidates = {c for d in _deletes(word, limit) for c in self.index.get(d, ())} - {word}
        scored = [(edit_distance(word, c), c[0] != word[0], -self.counts[c], c) for c in candidates]
        scored = [s for s in scored if s[0] <= min(limit, _allowed(s[3]))]
        return min(scored)[3] if scored else None

    def _is_known(self, word: str) -> bool:
        """A known word, or one with an inflection ("spikes", "slowed") of a known word."""
        if word in self.known:
            return True
        for suffix, stems in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                stem = word[: -len(suffix)]
                if any(stem + ending in self.known for ending in stems):
                    return True
        return False

    def correct(self, text: str) -> str:
        """``text`` with its misspelt lower-case words replaced (see the module docstring).

        Only English requests: the training words are mostly English, so a correct
        French or Spanish word it lacks ("plait") would be "corrected" to an English one.
        """
        if detect_language(text) != "en":
            return text
        pieces, cut = [], 0
        for match in _WORD.finditer(text):
            word = match.group(0)
            if not word.islower() and not (
                word[1:].islower() and _SENTENCE_START.search(text[: match.start()])
            ):
                continue  # a name ("Rmeind" mid-sentence) or an acronym
            fixed = self.correction(normalise(word))
            if fixed is None:
                continue
            pieces += [text[cut : match.start()], fixed]
            cut = match.end()
        return "".join(pieces) + text[cut:] if pieces else text
