"""A small, deterministic k-means (k-means++ seeding, Lloyd iterations) on numpy arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]


@dataclass(frozen=True)
class Clustering:
    """Cluster labels per row, centroids (in the input's units) and the within-cluster SSE."""

    labels: NDArray[np.int64]
    centroids: Matrix
    inertia: float


def standardise(features: Matrix) -> Matrix:
    """Z-score each column; constant columns become zeros rather than NaN."""
    std = features.std(axis=0)
    std[std == 0] = 1.0
    return (features - features.mean(axis=0)) / std


def kmeans(points: Matrix, k: int, *, seed: int = 7, max_iter: int = 100) -> Clustering:
    """Cluster ``points`` (rows) into ``k`` groups; the same input and seed give the same result.

    Args:
        points: an (n, d) array, usually standardised first.
        k: number of clusters, 1 <= k <= n.
        seed: seed for k-means++ initialisation.
        max_iter: cap on Lloyd iterations (stops earlier when labels settle).

    Raises:
        ValueError: ``k`` is out of range for the number of points.
    """
    n = points.shape[0]
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and the number of points ({n})")
    rng = np.random.default_rng(seed)
    centroids = _plus_plus(points, k, rng)
    labels = np.full(n, -1, dtype=np.int64)
    for _ in range(max_iter):
        distances = ((points[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        new_labels = distances.argmin(axis=1).astype(np.int64)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for j in range(k):
            members = points[labels == j]
            if len(members):
                centroids[j] = members.mean(axis=0)
    inertia = float(((points - centroids[labels]) ** 2).sum())
    return Clustering(labels=labels, centroids=centroids, inertia=inertia)


def _plus_plus(points: Matrix, k: int, rng: np.random.Generator) -> Matrix:
    """k-means++: first centre at random, then each next one with probability ∝ distance²."""
    chosen = [int(rng.integers(points.shape[0]))]
    closest = ((points - points[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(1, k):
        total = closest.sum()
        if total == 0:  # every point coincides with a centre already
            index = int(rng.integers(points.shape[0]))
        else:
            index = int(rng.choice(points.shape[0], p=closest / total))
        chosen.append(index)
        closest = np.minimum(closest, ((points - points[index]) ** 2).sum(axis=1))
    return points[chosen].astype(np.float64).copy()
