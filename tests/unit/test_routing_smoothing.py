"""Smoothed targets: no training request can pull the router's weights without bound."""

from __future__ import annotations

import numpy as np
import pytest

from nodes.routing import analyse_request
from nodes.routing.softmax import LABEL_SMOOTHING, centred, fit_dual, softmax


def _separable_problem() -> tuple[np.ndarray, np.ndarray]:
    """Three well separated clusters in two dimensions (a Gram matrix and labels)."""
    rng = np.random.default_rng(7)
    centres = np.array([[4.0, 0.0], [-4.0, 0.0], [0.0, 4.0]])
    labels = np.repeat(np.arange(3), 20)
    points = centres[labels] + rng.normal(scale=0.3, size=(60, 2))
    return centred(points @ points.T) + 1.0, labels


def _training_probabilities(smoothing: float) -> np.ndarray:
    gram, labels = _separable_problem()
    coefficients = fit_dual(gram, labels, 3, regularisation=1e-6, steps=2000, smoothing=smoothing)
    probabilities = softmax(gram @ coefficients)
    return probabilities[np.arange(len(labels)), labels]


def test_smoothing_caps_the_confidence_a_separable_training_set_can_buy() -> None:
    eps = 0.1  # larger than the router's, so the cap is far from certainty
    cap = 1.0 - eps + eps / 3
    smoothed = _training_probabilities(eps)
    one_hot = _training_probabilities(0.0)
    # One-hot targets keep growing the weights of a separable set towards certainty;
    # smoothed ones stop where the texts sit at the target on average.
    assert one_hot.min() > 0.999
    assert abs(smoothed.mean() - cap) < 0.01
    assert smoothed.max() < 0.995
    assert smoothed.min() > 0.5  # still every training text on its own side


def test_smoothing_is_on_by_default() -> None:
    assert 0.0 < LABEL_SMOOTHING < 0.2


@pytest.mark.parametrize(
    ("text", "department"),
    [
        # Other organisers' prices and the sector's figures are research, not our analytics.
        ("are rival tech conferences charging more for tickets than last year?", "research"),
        ("how are visitor numbers at industry fairs doing compared with before covid?", "research"),
    ],
)
def test_near_ties_go_to_the_department_of_the_ask(text: str, department: str) -> None:
    assert analyse_request(text).agents == [department]
