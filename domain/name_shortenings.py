"""The in-order shortenings of a record's name, shared by the offline model's catalog
(``adapters.offline.entities``) and the router's names index
(``nodes.routing.record_name_index``): "agenda newsletter" for "Agenda launch newsletter".

Names of more than ``max_words`` words get none (a seven-word name has 120 of them and is
rarely cut in conversation); a shortening keeps at least two words that are not stopwords.
"""

from __future__ import annotations

from collections.abc import Collection
from itertools import combinations


def in_order_shortenings(
    words: tuple[str, ...], stopwords: Collection[str], max_words: int
) -> list[tuple[str, ...]]:
    """Every in-order subsequence of two words or more, shorter than the name itself."""
    if not 3 <= len(words) <= max_words:
        return []
    out: list[tuple[str, ...]] = []
    for size in range(2, len(words)):
        for kept in combinations(range(len(words)), size):
            part = tuple(words[i] for i in kept)
            if sum(w not in stopwords for w in part) >= 2:
                out.append(part)
    return out
