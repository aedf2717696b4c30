"""Robust anomaly detection on daily series (no database).

Each day is compared with the days just before it: the expected value is the median of
the trailing window and the spread is the median absolute deviation (MAD) scaled by
1.4826, so one earlier spike neither moves the baseline nor inflates the spread. Count
series are first put through the Anscombe transform ``2 * sqrt(x + 3/8)``, under which
Poisson noise has unit variance whatever the level, and the spread never falls below
that unit: a quiet series of zeros and ones does not turn every 4 into an alarm, and a
busy one is not judged by a lucky, too-calm fortnight. An optional weekday adjustment
divides out each weekday's typical level first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
Values = Sequence[float] | FloatArray

MAD_TO_SD = 1.4826
SEVERITY_BANDS = ((8.0, "high"), (5.0, "medium"), (0.0, "low"))
"""|z| at or above the first bound is that severity (bands are checked in order)."""


@dataclass(frozen=True)
class Anomaly:
    """One day that departs from its trailing baseline.

    Attributes:
        index: position of the day in the input series.
        value: what was observed.
        expected: the trailing median (times the weekday factor when adjusted).
        z: robust z-score, signed.
        direction: ``spike`` (above expected) or ``drop``.
        severity: ``low``, ``medium`` or ``high`` by |z|.
    """

    index: int
    value: float
    expected: float
    z: float
    direction: str
    severity: str


def severity_for(z: float) -> str:
    """Severity band of a robust z-score."""
    magnitude = abs(z)
    return next(label for bound, label in SEVERITY_BANDS if magnitude >= bound)


def weekday_factors(values: Values, weekdays: Sequence[int]) -> FloatArray:
    """Each weekday's median level relative to the overall median (1.0 when unknown).

    Args:
        values: the daily series.
        weekdays: the weekday (0 = Monday) of each value.

    Returns:
        An array of seven factors, normalised so their mean is 1.
    """
    data = np.asarray(values, dtype=np.float64)
    days = np.asarray(weekdays, dtype=np.int64)
    overall = float(np.median(data)) if data.size else 0.0
    factors = np.ones(7)
    if overall <= 0:
        return factors
    for day in range(7):
        same = data[days == day]
        if same.size >= 2:
            factors[day] = max(float(np.median(same)) / overall, 0.1)
    return factors / factors.mean()


def anscombe(values: FloatArray) -> FloatArray:
    """Variance-stabilising transform for counts: Poisson noise becomes about N(0, 1)."""
    return 2.0 * np.sqrt(np.maximum(values, 0.0) + 0.375)


def inverse_anscombe(values: FloatArray) -> FloatArray:
    """Back from the Anscombe scale to counts (the simple algebraic inverse)."""
    return np.maximum((values / 2.0) ** 2 - 0.375, 0.0)


def robust_zscores(
    values: Values, *, window: int = 14, min_periods: int = 7, counts: bool = True
) -> tuple[FloatArray, FloatArray]:
    """Trailing-median expectation and robust z-score for every day.

    Args:
        values: the daily series, oldest first.
        window: how many preceding days form the baseline.
        min_periods: days of history needed before a z-score is given (NaN before).
        counts: the series counts events: score on the Anscombe scale with a unit
            spread floor.

    Returns:
        ``(expected, z)`` arrays aligned with ``values``; ``expected`` is on the
        original scale.
    """
    data = np.asarray(values, dtype=np.float64)
    if counts:
        data = anscombe(data)
    expected = np.full(data.shape, np.nan)
    z = np.full(data.shape, np.nan)
    for i in range(data.size):
        history = data[max(0, i - window) : i]
        if history.size < min_periods:
            continue
        median = float(np.median(history))
        spread = MAD_TO_SD * float(np.median(np.abs(history - median)))
        spread = max(spread, 1.0 if counts else 1e-9)
        expected[i] = median
        z[i] = (data[i] - median) / spread
    if counts:
        expected = inverse_anscombe(expected)
    return expected, z


def detect_anomalies(
    values: Values,
    *,
    weekdays: Sequence[int] | None = None,
    window: int = 14,
    threshold: float = 3.5,
    counts: bool = True,
) -> list[Anomaly]:
    """Days whose robust z-score is at least ``threshold`` in absolute value.

    Args:
        values: the daily series, oldest first.
        weekdays: weekday of each value; when given the series is weekday-adjusted.
        window: trailing baseline length in days.
        threshold: |z| that counts as anomalous.
        counts: the series counts events (see :func:`robust_zscores`).

    Returns:
        Anomalies in series order.
    """
    data = np.asarray(values, dtype=np.float64)
    factors = np.ones(data.size)
    if weekdays is not None:
        factors = weekday_factors(data, weekdays)[np.asarray(weekdays, dtype=np.int64)]
    expected, z = robust_zscores(data / factors, window=window, counts=counts)
    found: list[Anomaly] = []
    for i in np.flatnonzero(np.abs(np.nan_to_num(z)) >= threshold):
        score = float(z[i])
        found.append(
            Anomaly(
                index=int(i),
                value=float(data[i]),
                expected=float(expected[i] * factors[i]),
                z=score,
                direction="spike" if score > 0 else "drop",
                severity=severity_for(score),
            )
        )
    return found
