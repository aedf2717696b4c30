"""Sales-curve forecasting on synthetic series with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from domain.analytics.forecast import (
    MIN_SCALE_SPREAD,
    cumulative_as_of,
    curve_forecast,
    daily_by_days_out,
    naive_linear_forecast,
    velocity_forecast,
)

HORIZON = 90


def _reference_curve() -> np.ndarray:
    """A past edition: sales rise from 5/day 90 days out to 50/day on the last day."""
    return np.linspace(50.0, 5.0, HORIZON + 1)


def test_daily_by_days_out_sums_and_folds_out_of_range_days() -> None:
    daily = daily_by_days_out([3, 3, 0, -2, 120], [2, 1, 5, 4, 7], horizon=5)
    assert daily.tolist() == [9.0, 0.0, 0.0, 3.0, 0.0, 7.0]


def test_cumulative_as_of_counts_only_earlier_days() -> None:
    cum = cumulative_as_of(np.array([1.0, 2.0, 3.0, 4.0]))
    assert cum.tolist() == [9.0, 7.0, 4.0, 0.0]


def test_naive_linear_forecast_extrapolates_the_average_rate() -> None:
    assert naive_linear_forecast(300, elapsed_days=30, total_days=90) == 900
    assert naive_linear_forecast(40, elapsed_days=0, total_days=90) == 40


def test_curve_forecast_recovers_an_exact_scale() -> None:
    reference = _reference_curve()
    forecast = curve_forecast(1.5 * reference, reference, days_out=30)
    assert forecast is not None
    assert forecast.method == "curve_ratio"
    assert forecast.scale == pytest.approx(1.5)
    assert forecast.sold == pytest.approx(1.5 * reference[31:].sum())
    assert forecast.point == pytest.approx(1.5 * reference.sum())
    assert forecast.low <= forecast.point <= forecast.high
    # No residual noise: only the 4% scale-spread floor (widened by sqrt(30/21) for the
    # horizon) is left, so the 80% interval is 2 x 1.2816 sigma of the remaining sales.
    sigma = MIN_SCALE_SPREAD * 1.5 * np.sqrt(30 / 21) * reference[:31].sum()
    assert forecast.high - forecast.low == pytest.approx(2 * 1.2816 * sigma, rel=0.05)


def test_curve_forecast_ignores_the_day_under_way_and_the_future() -> None:
    reference = _reference_curve()
    current = 2.0 * reference
    current[:31] = 999.0  # today (index 30) and later: unknown, must not be read
    forecast = curve_forecast(current, reference, days_out=30)
    assert forecast is not None
    assert forecast.point == pytest.approx(2.0 * reference.sum())


def test_curve_forecast_on_poisson_noise_is_close_and_roughly_calibrated() -> None:
    reference = _reference_curve()
    rng = np.random.default_rng(42)
    covered, errors = 0, []
    trials = 200
    for trial in range(trials):
        current = rng.poisson(1.3 * reference).astype(float)
        actual = current.sum()
        forecast = curve_forecast(current, reference, days_out=21, seed=trial)
        assert forecast is not None
        errors.append(abs(forecast.point - actual) / actual)
        covered += forecast.low <= actual <= forecast.high
    assert float(np.mean(errors)) < 0.03
    assert 0.7 <= covered / trials <= 0.98


def test_curve_forecast_handles_net_negative_days() -> None:
    reference = _reference_curve()
    reference[5] = -30.0  # a day with more cancellations than sales
    forecast = curve_forecast(2.0 * reference, reference, days_out=20)
    assert forecast is not None
    assert np.isfinite(forecast.finals).all()
    assert forecast.point == pytest.approx(2.0 * reference.sum())
    assert forecast.low <= forecast.point <= forecast.high


def test_velocity_forecast_of_a_shrinking_edition_keeps_low_below_point() -> None:
    current = np.zeros(HORIZON + 1)
    current[30:] = 5.0
    current[11:25] = -2.0  # two weeks of net cancellations
    forecast = velocity_forecast(current, days_out=10)
    assert forecast.point < forecast.sold
    assert forecast.low <= forecast.point <= forecast.high


def test_curve_forecast_needs_reference_sales_in_the_window() -> None:
    reference = np.zeros(HORIZON + 1)
    reference[:10] = 20.0
    assert curve_forecast(np.ones(HORIZON + 1), reference, days_out=40) is None


def test_probability_of_reaching_a_target() -> None:
    reference = _reference_curve()
    forecast = curve_forecast(1.5 * reference, reference, days_out=30)
    assert forecast is not None
    assert forecast.probability_at_least(0.5 * forecast.point) == 1.0
    assert forecast.probability_at_least(2.0 * forecast.point) == 0.0
    assert 0.3 < forecast.probability_at_least(forecast.point) < 0.7


def test_velocity_forecast_projects_the_recent_rate() -> None:
    current = np.full(HORIZON + 1, 10.0)
    forecast = velocity_forecast(current, days_out=20)
    assert forecast.method == "velocity"
    assert forecast.sold == 700.0  # 70 complete days before the 20-days-out day
    assert forecast.point == 700.0 + 10.0 * 21
    assert forecast.low == forecast.high == forecast.point


def test_velocity_forecast_uses_only_the_last_window_days() -> None:
    current = np.zeros(HORIZON + 1)
    current[11:25] = 4.0  # the 14 days before "today" (index 10)
    current[40:] = 100.0  # old history outside the window
    forecast = velocity_forecast(current, days_out=10, window=14)
    assert forecast.scale == 4.0
    assert forecast.point == forecast.sold + 4.0 * 11
