"""The numpy k-means: separates obvious clusters, is deterministic, handles edge cases."""

from __future__ import annotations

import numpy as np
import pytest

from domain.marketing.kmeans import kmeans, standardise


def _blobs() -> np.ndarray:
    rng = np.random.default_rng(0)
    return np.vstack([rng.normal(0, 0.1, (20, 2)), rng.normal(5, 0.1, (30, 2))])


def test_separates_two_blobs() -> None:
    result = kmeans(_blobs(), 2)
    first, second = result.labels[:20], result.labels[20:]
    assert len(set(first)) == 1 and len(set(second)) == 1 and first[0] != second[0]
    centres = sorted(result.centroids[:, 0])
    assert centres[0] == pytest.approx(0.0, abs=0.1) and centres[1] == pytest.approx(5.0, abs=0.1)
    assert result.inertia < 2.0


def test_same_seed_same_result() -> None:
    a, b = kmeans(_blobs(), 3, seed=11), kmeans(_blobs(), 3, seed=11)
    assert np.array_equal(a.labels, b.labels) and a.inertia == b.inertia


def test_identical_points_and_bad_k() -> None:
    same = np.ones((5, 2))
    assert kmeans(same, 2).inertia == 0.0
    with pytest.raises(ValueError, match="k must be between 1"):
        kmeans(same, 6)


def test_standardise_keeps_constant_columns_finite() -> None:
    scaled = standardise(np.array([[1.0, 3.0], [3.0, 3.0]]))
    assert scaled.tolist() == [[-1.0, 0.0], [1.0, 0.0]]
