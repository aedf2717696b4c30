"""Hybrid search over the knowledge base: BM25 and sentence embeddings, rank-fused.

Two rankings of the articles: BM25 over title, tags and body (exact words), and, when
an embedding function is given, cosine similarity between the question and each
article's title and tags (meaning: "can I get my money back" finds the refund
policy). They are merged by reciprocal rank fusion (``1 / (RRF_K + rank)`` summed over
the rankings an article appears in), so neither score scale has to be calibrated
against the other. An article enters the embedding ranking only at ``MIN_SIMILARITY``
or more, so a question about nothing in the base still finds nothing.

The embedding function is passed in (the tools layer passes the embedded model from
``adapters.embeddings``); without it the search is BM25 alone, as in tests of ranking.

The index is rebuilt only when a tenant's articles change: the cache key is the
database, the tenant, the newest ``updated_at``, the article count and whether
embeddings are used, so an edit, an insert or a delete produces a new key and repeated
queries reuse the built index.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from rank_bm25 import BM25Okapi
from sqlalchemy import func, select

from domain.errors import InvalidArgumentError
from domain.language import detect_language
from domain.models import KnowledgeArticle
from domain.scope import Scope
from domain.support.kb_glossary import english_terms
from domain.support.kb_relevance import content_terms, is_relevant

TITLE_WEIGHT = 3
TAG_WEIGHT = 2
SNIPPET_CHARS = 240
RRF_K = 60
"""Reciprocal rank fusion's constant (the value of the original paper, Cormack et al. 2009)."""
MIN_SIMILARITY = 0.3
"""Cosine an article needs to enter the embedding ranking."""

Embed = Callable[[Sequence[str]], np.ndarray]
"""Texts to unit-length vectors, one row per text."""
_STOPWORD_TEXT = (
    "a an and are as at be but by can do does for from has have how i if in is it its me my "
    "of on or our so that the their them there this to was we were what when where which who "
    "why will with you your"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def tokenize(text: str) -> list[str]:
    """Lowercase words without punctuation, stopwords or stray letters; plurals folded.

    "What's the refund policy for tickets?" → ["refund", "policy", "ticket"].
    """
    return [
        _fold_plural(w)
        for w in _WORD.findall(text.lower())
        if w not in STOPWORDS and (len(w) > 1 or w.isdigit())
    ]


def _fold_plural(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return _fold_ending(word)


def _fold_ending(word: str) -> str:
    """A past participle reads as the noun in "-ing": "recorded" becomes "recording"
    (a question says "get recorded", the article is titled "Session recordings")."""
    if word.endswith("ed") and len(word) >= 6:
        return word[:-2] + "ing"
    return word


@dataclass(frozen=True)
class Article:
    """The parts of an article the index needs (plain values, no session)."""

    id: int
    slug: str
    title: str
    body: str
    category: str
    tags: tuple[str, ...]


class KnowledgeIndex:
    """BM25 (title and tags weighted by repetition) and, optionally, article vectors."""

    def __init__(self, articles: list[Article], embed: Embed | None = None) -> None:
        self.articles = articles
        corpus = [_document_tokens(a) for a in articles]
        self._bm25 = BM25Okapi(corpus) if corpus else None
        self._vocabulary = [frozenset(tokens) for tokens in corpus]
        self._embed = embed
        self._vectors = embed([_embedded_text(a) for a in articles]) if embed and articles else None

    def search(self, query: str, top_k: int = 5) -> list[dict[str, Any]]:
        """The ``top_k`` best articles for ``query`` that are about it, best first.

        Without embeddings: articles with a BM25 score above 0, by that score. With
        them: the rank fusion of that ranking and the similarity ranking; ``score`` is
        the fused score and each hit also carries ``bm25``, ``similarity`` and
        ``topic_similarity``. Either way an article without evidence that it is about
        the question's subject (``kb_relevance``) is left out, so a question the base
        does not cover finds nothing.
        """
        language = detect_language(query)  # once: the glossary and the relevance rule need it
        english = tokenize(english_terms(query, language))
        terms = tokenize(query) + english
        if self._bm25 is None or not terms:
            return []
        subject = content_terms(language, tokenize(query), english)
        bm25 = np.asarray(self._bm25.get_scores(terms), dtype=float)
        lexical = self._ranked(bm25, 0.0)
        if self._vectors is None or self._embed is None:
            kept = [i for i in lexical if is_relevant(self._shared(i, subject), None)]
            return [_hit(self.articles[i], float(bm25[i]), terms) for i in kept[:top_k]]
        question, topic = self._embed([query, " ".join(subject)])
        similarity = self._vectors @ question
        on_topic = self._vectors @ topic if subject else np.zeros(len(self.articles))
        fused = fuse([lexical, self._ranked(similarity, MIN_SIMILARITY)])
        backing = [float(s) if language == "en" else None for s in similarity]
        kept_fused = [
            (i, score)
            for i, score in fused
            if is_relevant(self._shared(i, subject), float(on_topic[i]), backing[i])
        ]
        return [
            _hit(
                self.articles[i],
                score,
                terms,
                bm25=round(float(bm25[i]), 4),
                similarity=round(float(similarity[i]), 4),
                topic_similarity=round(float(on_topic[i]), 4),
            )
            for i, score in kept_fused[:top_k]
        ]

    def _shared(self, position: int, subject: list[str]) -> int:
        """How many of the question's content terms the article's text contains."""
        return len(self._vocabulary[position].intersection(subject))

    def _ranked(self, scores: np.ndarray, floor: float) -> list[int]:
        """Article positions scoring above ``floor``, best first (ties by article id)."""
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], self.articles[i].id))
        return [i for i in order if scores[i] > floor]


def fuse(rankings: Sequence[Sequence[int]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: items by the sum of ``1 / (k + rank)`` over the rankings.

    Args:
        rankings: item positions, best first; an item may be missing from some.
        k: damping constant; larger values flatten the difference between ranks.

    Returns:
        ``(item, fused score)`` pairs, best first (ties: the item ranked best anywhere).
    """
    fused: dict[int, float] = {}
    first: dict[int, int] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
            first[item] = min(first.get(item, rank), rank)
    return sorted(fused.items(), key=lambda pair: (-pair[1], first[pair[0]], pair[0]))


def _embedded_text(article: Article) -> str:
    """What an article is about: its title and tags (an averaged body blurs the topic)."""
    return f"{article.title}. {' '.join(article.tags)}"


def _document_tokens(article: Article) -> list[str]:
    title = tokenize(article.title) * TITLE_WEIGHT
    tags = tokenize(" ".join(article.tags)) * TAG_WEIGHT
    return title + tags + tokenize(article.body)


def _hit(article: Article, score: float, terms: list[str], **extra: float) -> dict[str, Any]:
    return {
        "article_id": article.id,
        "slug": article.slug,
        "title": article.title,
        "category": article.category,
        "tags": list(article.tags),
        "score": round(score, 4),
        **extra,
        "snippet": snippet(article.body, terms),
    }


STEM_CHARS = 6
"""Query and body words match on their first six letters in a snippet ("postponing" and
"postpone", "gluten" and "gluten-free"'s "gluten"), as a question and an article inflect
the same word differently."""


def _stems(words: Sequence[str]) -> set[str]:
    return {w[:STEM_CHARS] for w in words}


def snippet(body: str, terms: list[str], limit: int = SNIPPET_CHARS) -> str:
    """The body sentence that mentions the most query terms, with the other sentences that
    mention one while they fit in ``limit`` characters (in the body's order).

    "Lunch and coffee are included. Vegetarian, vegan, gluten-free and halal options are
    labelled." both answer "can she eat lunch, she can't have gluten": the first alone
    leaves out the part asked about. The best sentence alone is cut to ``limit``.
    """
    sentences = [s.strip() for s in _SENTENCE.split(body) if s.strip()] or [body.strip()]
    wanted = _stems(terms)
    hits = [len(wanted & _stems(tokenize(s))) for s in sentences]
    ranked = sorted(range(len(sentences)), key=lambda i: (-hits[i], i))
    best = sentences[ranked[0]]
    if len(best) > limit:
        return best[: limit - 1].rstrip() + "…"
    chosen, length = {ranked[0]}, len(best)
    for i in ranked[1:]:
        if hits[i] and length + 1 + len(sentences[i]) <= limit:
            chosen.add(i)
            length += 1 + len(sentences[i])
    return " ".join(sentences[i] for i in sorted(chosen))


class IndexCache:
    """Built indexes by (database, tenant, newest update, count); least recently used dropped."""

    def __init__(self, capacity: int = 32) -> None:
        self.capacity = capacity
        self.builds = 0
        self._entries: OrderedDict[tuple[Any, ...], KnowledgeIndex] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, scope: Scope, embed: Embed | None = None) -> KnowledgeIndex:
        """The tenant's current index, built from the database only when it changed."""
        key = (*_version_key(scope), embed is not None)
        with self._lock:
            index = self._entries.get(key)
            if index is not None:
                self._entries.move_to_end(key)
                return index
        index = KnowledgeIndex(_load_articles(scope), embed)
        with self._lock:
            self.builds += 1
            self._entries[key] = index
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)
        return index

    def clear(self) -> None:
        """Forget every built index."""
        with self._lock:
            self._entries.clear()


INDEX_CACHE = IndexCache()


def _version_key(scope: Scope) -> tuple[str, str, datetime | None, int]:
    newest, count = scope.session.execute(
        select(func.max(KnowledgeArticle.updated_at), func.count(KnowledgeArticle.id)).where(
            KnowledgeArticle.tenant_id == scope.tenant_id
        )
    ).one()
    database = scope.session.get_bind().engine.url.render_as_string(hide_password=True)
    return database, scope.tenant_id, newest, int(count)


def _load_articles(scope: Scope) -> list[Article]:
    rows = scope.session.scalars(
        select(KnowledgeArticle)
        .where(KnowledgeArticle.tenant_id == scope.tenant_id)
        .order_by(KnowledgeArticle.id)
    )
    return [
        Article(r.id, r.slug, r.title, r.body, r.category, tuple(str(t) for t in r.tags or []))
        for r in rows
    ]


def search_knowledge_base(
    scope: Scope,
    query: str,
    *,
    top_k: int = 5,
    category: str | None = None,
    embed: Embed | None = None,
) -> dict[str, Any]:
    """Rank the tenant's knowledge-base articles for a question.

    Args:
        scope: tenant and session.
        query: the attendee's question or keywords.
        top_k: how many articles to return (1–20).
        category: only ``faq`` or ``policy`` articles when given.
        embed: sentence embeddings for the hybrid ranking; None ranks by BM25 alone.

    Returns:
        The query, its terms, and the matching articles with score, snippet and category.

    Raises:
        InvalidArgumentError: the query has no searchable words, or top_k is out of range.
    """
    terms = tokenize(query)
    if not terms:
        raise InvalidArgumentError("query", "needs at least one searchable word")
    if not 1 <= top_k <= 20:
        raise InvalidArgumentError("top_k", "must be between 1 and 20")
    index = INDEX_CACHE.get(scope, embed)
    hits = index.search(query, top_k=len(index.articles) if category else top_k)
    if category:
        hits = [h for h in hits if h["category"] == category][:top_k]
    return {"query": query, "terms": terms, "count": len(hits), "results": hits}
