"""Robust anomaly detection on synthetic series with known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from domain.analytics.anomalies import (
    anscombe,
    detect_anomalies,
    inverse_anscombe,
    robust_zscores,
    severity_for,
    weekday_factors,
)


def test_flat_count_series_spike_scores_on_the_anscombe_scale() -> None:
    values = [10.0] * 20 + [30.0] + [10.0] * 5
    expected, z = robust_zscores(values, window=14)
    assert np.isnan(z[:7]).all()  # not enough history yet
    assert expected[20] == pytest.approx(10.0)
    # MAD is zero, so the unit (Poisson) floor sets the spread.
    assert z[20] == pytest.approx(2 * math.sqrt(30.375) - 2 * math.sqrt(10.375))
    assert z[21] == pytest.approx(0.0)  # the spike does not move the median


def test_anscombe_round_trip() -> None:
    values = np.array([0.0, 1.0, 4.0, 250.0])
    assert inverse_anscombe(anscombe(values)) == pytest.approx(values)


def test_mad_sets_the_spread_when_it_exceeds_the_floor() -> None:
    values = [0.0, 100.0] * 10 + [400.0]
    expected, z = robust_zscores(values, window=14, counts=False)
    assert expected[20] == 50.0
    assert z[20] == pytest.approx((400 - 50) / (1.4826 * 50))


def test_detect_finds_spike_and_drop_with_direction_and_severity() -> None:
    rng = np.random.default_rng(3)
    values = rng.poisson(40, size=60).astype(float)
    values[30] = 120.0
    values[45] = 2.0
    found = detect_anomalies(values, threshold=3.5)
    by_index = {a.index: a for a in found}
    assert set(by_index) == {30, 45}
    assert by_index[30].direction == "spike"
    assert by_index[30].severity == "high"
    assert by_index[45].direction == "drop"
    assert by_index[45].value == 2.0


def test_sparse_counts_do_not_alarm_on_small_numbers() -> None:
    values = [0, 1, 0, 0, 2, 1, 0, 0, 1, 0, 4, 1, 0, 2, 1, 0, 0, 3, 20, 0]
    found = detect_anomalies(values, threshold=3.5)
    assert [a.index for a in found] == [18]  # the 4 and the 3 are Poisson noise


def test_severity_bands() -> None:
    assert severity_for(3.6) == "low"
    assert severity_for(-5.0) == "medium"
    assert severity_for(8.0) == "high"


def test_weekday_factors_and_adjusted_detection() -> None:
    weekdays = [i % 7 for i in range(56)]
    values = [40.0 if d >= 5 else 100.0 for d in weekdays]
    factors = weekday_factors(values, weekdays)
    assert factors[5] / factors[0] == pytest.approx(0.4)
    assert factors.mean() == pytest.approx(1.0)
    assert len(detect_anomalies(values)) > 0  # weekends look like drops unadjusted
    assert detect_anomalies(values, weekdays=weekdays) == []
    spiked = list(values)
    spiked[43] = 300.0  # a Tuesday
    found = detect_anomalies(spiked, weekdays=weekdays)
    assert [a.index for a in found] == [43]
    assert found[0].expected == pytest.approx(100.0)
