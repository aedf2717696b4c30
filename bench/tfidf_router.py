"""The baseline for ``bench.router_embedding``: the router's classifier before embeddings.

TF-IDF features and a scikit-learn logistic regression, as the router used them until
the sentence-embedding classifier (``nodes.routing.classifier``) replaced it; trained on
the same packaged training file, so the benchmark compares the models, not the data.

Features: character n-grams (2-5, inside word boundaries), word unigrams and bigrams,
and the keyword lexicon's six per-department counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import cast

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer
from threadpoolctl import threadpool_limits

from domain.departments import DepartmentName
from nodes.routing.classifier import training_examples
from nodes.routing.lexicon import keyword_counts
from nodes.routing.text import normalise

REGULARISATION_C = 50.0
"""Inverse regularisation strength, chosen by cross-validated log-loss (calibration)."""
LEXICON_WEIGHT = 0.3
"""Weight of the keyword-count block beside the TF-IDF blocks."""

Scores = dict[DepartmentName, float]


def _lexicon_features(texts: list[str]) -> np.ndarray:
    counts = np.array([keyword_counts(text) for text in texts], dtype=float)
    return np.minimum(counts, 2.0)


def build_pipeline(c: float = REGULARISATION_C, lexicon_weight: float = LEXICON_WEIGHT) -> Pipeline:
    """An untrained classifier pipeline (exposed for cross-validation)."""
    features = FeatureUnion(
        [
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    preprocessor=normalise,
                    sublinear_tf=True,
                ),
            ),
            (
                "words",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=(1, 2),
                    preprocessor=normalise,
                    token_pattern=r"(?u)\b\w[\w'/-]*\b",
                    sublinear_tf=True,
                ),
            ),
            ("lexicon", FunctionTransformer(_lexicon_features)),
        ],
        transformer_weights={"chars": 1.0, "words": 1.0, "lexicon": lexicon_weight},
    )
    model = LogisticRegression(C=c, max_iter=2000)
    return Pipeline([("features", features), ("model", model)])


@dataclass(frozen=True)
class DepartmentClassifier:
    """A trained pipeline that scores texts against the six departments."""

    pipeline: Pipeline

    def scores_many(self, texts: list[str]) -> list[Scores]:
        """Probability per department for each text (each row sums to 1)."""
        if not texts:
            return []
        probabilities = self.pipeline.predict_proba(texts)
        classes = [cast(DepartmentName, str(c)) for c in self.pipeline.classes_]
        return [
            {dept: float(p) for dept, p in zip(classes, row, strict=True)} for row in probabilities
        ]

    def scores(self, text: str) -> Scores:
        """Probability per department for one text."""
        return self.scores_many([text])[0]


def train(examples: list[tuple[str, DepartmentName]] | None = None) -> DepartmentClassifier:
    """Train a classifier on ``examples`` (default: the packaged training file)."""
    rows = examples if examples is not None else training_examples()
    pipeline = build_pipeline()
    # One BLAS/OpenMP thread: on a busy machine the threads of a problem this small
    # fight each other and training takes seconds instead of a tenth of one.
    with threadpool_limits(limits=1):
        pipeline.fit([text for text, _ in rows], [dept for _, dept in rows])
    return DepartmentClassifier(pipeline)


@lru_cache(maxsize=1)
def trained_classifier() -> DepartmentClassifier:
    """The classifier trained on the packaged file, trained once per process."""
    return train()


def best(scores: Scores) -> tuple[DepartmentName, float]:
    """The most likely department and its probability."""
    dept = max(scores, key=lambda d: scores[d])
    return dept, scores[dept]
