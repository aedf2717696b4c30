"""Lexical features for the router: TF-IDF over character and word n-grams, numpy only.

Character n-grams (2-5, inside word boundaries, so typos and inflections still share
most of their n-grams) and word unigrams and bigrams of the normalised text, with every
digit read as 0 (an order number or time the training requests never wrote shares its
n-grams with those they did: "ORD-10600" reads like "ORD-10501"), sublinear term
frequency, smoothed inverse document frequency and unit length, as scikit-learn's
``TfidfVectorizer`` computes them. It is written here because the router must start
without scikit-learn (``switchboard route`` imports neither it nor SciPy).

A text becomes a ``SparseRow``: the column numbers of its n-grams and their weights.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from nodes.routing.text import normalise

_WORD = re.compile(r"(?u)\b\w[\w'/-]*\b")
CHAR_NGRAMS = (2, 5)
_DIGIT = re.compile(r"\d")


def ngrams(text: str) -> list[str]:
    """The character and word n-grams of ``text`` (normalised first).

    Word n-grams carry a leading marker so "ab" the word and "ab" the character pair
    stay different features.
    """
    words = _WORD.findall(_DIGIT.sub("0", normalise(text)))
    grams: list[str] = []
    low, high = CHAR_NGRAMS
    for word in words:
        padded = f" {word} "
        for n in range(low, min(high, len(padded)) + 1):
            grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    grams += [f"\x00{word}" for word in words]
    grams += [f"\x00{a} {b}" for a, b in pairwise(words)]
    return grams


@dataclass(frozen=True)
class SparseRow:
    """One text's features: column numbers and weights (unit length)."""

    columns: np.ndarray
    values: np.ndarray

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """This row times a ``(columns, k)`` weight matrix: a length-k vector."""
        if not len(self.columns):
            return np.zeros(weights.shape[1], dtype=weights.dtype)
        return self.values @ weights[self.columns]


class TfidfFeatures:
    """A vocabulary with document frequencies, learned from training texts."""

    def __init__(self, texts: Sequence[str]) -> None:
        counts = [Counter(ngrams(text)) for text in texts]
        document_frequency: Counter[str] = Counter()
        for count in counts:
            document_frequency.update(count.keys())
        self.vocabulary = {gram: i for i, gram in enumerate(sorted(document_frequency))}
        n = len(texts)
        self.idf = np.array(
            [
                math.log((1 + n) / (1 + document_frequency[gram])) + 1.0
                for gram in sorted(document_frequency)
            ],
            dtype=np.float32,
        )
        self.training_rows = [self._row(count) for count in counts]

    @property
    def size(self) -> int:
        """The number of columns."""
        return len(self.vocabulary)

    def _row(self, count: Counter[str]) -> SparseRow:
        lookup = self.vocabulary.get
        columns = np.fromiter((lookup(g, -1) for g in count), dtype=np.int64, count=len(count))
        counts = np.fromiter(count.values(), dtype=np.float64, count=len(count))
        known = columns >= 0
        if not known.any():
            return SparseRow(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        order = np.argsort(columns[known])
        columns = columns[known][order]
        tf = (1.0 + np.log(counts[known][order])).astype(np.float32)
        values = tf * self.idf[columns]
        return SparseRow(columns, values / np.float32(np.linalg.norm(values)))

    def transform(self, texts: Sequence[str]) -> list[SparseRow]:
        """The rows of ``texts``; n-grams never seen in training are dropped."""
        return [self._row(Counter(ngrams(text))) for text in texts]


def gram_matrix(rows: Sequence[SparseRow], size: int) -> np.ndarray:
    """``X @ X.T`` for sparse rows (the dot product of every pair of training texts)."""
    dense = np.zeros((len(rows), size), dtype=np.float32)
    for i, row in enumerate(rows):
        dense[i, row.columns] = row.values
    # Only the columns some row uses matter; a training vocabulary uses all of them.
    return dense @ dense.T


def transpose_times(rows: Sequence[SparseRow], size: int, coefficients: np.ndarray) -> np.ndarray:
    """``X.T @ coefficients``: primal weights ``(size, k)`` from per-row coefficients."""
    weights = np.zeros((size, coefficients.shape[1]), dtype=np.float32)
    for row, coefficient in zip(rows, coefficients, strict=True):
        weights[row.columns] += np.outer(row.values, coefficient)
    return weights
