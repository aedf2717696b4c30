"""Sales-curve forecasting on plain arrays (no database).

Every series here is a *daily* array indexed by days-before-event: ``daily[k]`` is what
was sold on the day ``k`` days before the event starts (``k = 0`` is the first event
day; sales on or after it are folded into index 0, sales earlier than the array covers
into the last index). "As of ``k`` days out" means at the start of that day, so the
cumulative total then is ``daily[k + 1:].sum()``.

Two forecasters share one result type:

* :func:`curve_forecast` scales a reference edition's curve (last year's) to the current
  one with a recency-weighted least-squares fit of the cumulative totals over the last
  weeks; the interval comes from a bootstrap that draws the scale from the dispersion of
  the cumulative ratio and the remaining days from the fit's Pearson residuals.
* :func:`velocity_forecast` projects the recent daily rate forward when there is no
  reference edition, with a bootstrap of the recent days for the interval.

:func:`naive_linear_forecast` is the baseline the backtest compares against.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

INTERVAL_LOW_Q = 0.10
INTERVAL_HIGH_Q = 0.90
MIN_SCALE_SPREAD = 0.04
"""Smallest relative spread allowed for the fitted scale, so a lucky run of identical
ratios never yields a zero-width interval."""


@dataclass(frozen=True)
class Forecast:
    """A final-total forecast with its 80% interval.

    Attributes:
        point: forecast final total.
        low: 10th percentile of the simulated finals.
        high: 90th percentile of the simulated finals.
        sold: total so far (as of the forecast day).
        method: ``curve_ratio`` or ``velocity``.
        scale: fitted current/reference scale (curve method) or daily velocity.
        finals: the simulated final totals, for probabilities.
    """

    point: float
    low: float
    high: float
    sold: float
    method: str
    scale: float
    finals: FloatArray

    def probability_at_least(self, target: float) -> float:
        """Share of simulated finals at or above ``target``."""
        return float(np.mean(self.finals >= target))


def daily_by_days_out(
    days_out: Sequence[int], amounts: Sequence[float], horizon: int
) -> FloatArray:
    """Sum amounts into a daily array indexed by days-before-event.

    Args:
        days_out: for each sale, event start date minus sale date, in days.
        amounts: the quantity (or money) of each sale.
        horizon: the largest days-out index; earlier sales fold into it.

    Returns:
        Array of length ``horizon + 1``.
    """
    index = np.clip(np.asarray(days_out, dtype=np.int64), 0, horizon)
    daily = np.zeros(horizon + 1, dtype=np.float64)
    np.add.at(daily, index, np.asarray(amounts, dtype=np.float64))
    return daily


def cumulative_as_of(daily: FloatArray) -> FloatArray:
    """``cum[k]`` = total sold before the day ``k`` days out (a reverse cumulative sum)."""
    before = np.cumsum(daily[::-1])[::-1]
    return np.append(before[1:], 0.0)


def naive_linear_forecast(sold: float, elapsed_days: int, total_days: int) -> float:
    """Baseline: sold so far divided by elapsed selling days, times all selling days."""
    if elapsed_days <= 0:
        return sold
    return sold / elapsed_days * max(total_days, elapsed_days)


def curve_forecast(
    current: FloatArray,
    reference: FloatArray,
    days_out: int,
    *,
    window: int = 21,
    half_life: float = 7.0,
    n_boot: int = 4000,
    seed: int = 0,
) -> Forecast | None:
    """Forecast the final total by scaling the reference curve to the current one.

    Args:
        current: this edition's daily array; only days before ``days_out`` (higher
            indices) are read, the day itself being still under way.
        reference: the past edition's complete daily array, same indexing and length.
        days_out: days before the event as of now.
        window: how many recent days the scale is fitted over.
        half_life: recency weighting of the fit, in days.
        n_boot: bootstrap draws for the interval.
        seed: random seed, so forecasts are reproducible.

    Returns:
        The forecast, or None when the reference has no sales over the fit window
        (the caller then falls back to :func:`velocity_forecast`).
    """
    horizon = len(reference) - 1
    days_out = int(np.clip(days_out, 0, horizon))
    known = np.where(np.arange(horizon + 1) > days_out, current, 0.0)
    cum_cur = cumulative_as_of(known)
    cum_ref = cumulative_as_of(reference)
    ks = np.arange(days_out, min(days_out + window, horizon + 1))
    ks = ks[cum_ref[ks] > 0]
    if ks.size == 0:
        return None
    weights = 0.5 ** ((ks - days_out) / half_life)
    scale = float(np.sum(weights * cum_cur[ks] * cum_ref[ks]) / np.sum(weights * cum_ref[ks] ** 2))
    ratios = cum_cur[ks] / cum_ref[ks]
    spread = float(np.sqrt(np.sum(weights * (ratios - scale) ** 2) / np.sum(weights)))
    spread = max(spread, MIN_SCALE_SPREAD * scale) * np.sqrt(max(1.0, days_out / window))

    sold = float(cum_cur[days_out])
    remaining_ref = reference[: days_out + 1]
    point = sold + scale * float(remaining_ref.sum())

    rng = np.random.default_rng(seed)
    days = ks[ks < horizon] + 1
    residuals = _pearson_residuals(known[days], scale * reference[days])
    scales = np.maximum(rng.normal(scale, spread, size=n_boot), 0.0)
    expected = scales[:, None] * remaining_ref[None, :]
    noise = rng.choice(residuals, size=expected.shape) * np.sqrt(np.maximum(expected, 0.0))
    # Noise never pushes a day below zero; a net-negative day (more cancelled than
    # sold) keeps its expected value.
    finals = sold + np.maximum(expected + noise, np.minimum(expected, 0.0)).sum(axis=1)
    return _finish(point, sold, "curve_ratio", scale, finals)


def velocity_forecast(
    current: FloatArray,
    days_out: int,
    *,
    window: int = 14,
    n_boot: int = 4000,
    seed: int = 0,
) -> Forecast:
    """Project the mean daily rate of the last ``window`` days to the event.

    Args:
        current: this edition's daily array; only days before ``days_out`` are read.
        days_out: days before the event as of now.
        window: how many recent days set the rate.
        n_boot: bootstrap draws for the interval.
        seed: random seed, so forecasts are reproducible.

    Returns:
        The forecast; the interval resamples the recent days for each remaining day.
    """
    horizon = len(current) - 1
    days_out = int(np.clip(days_out, 0, horizon))
    past = current[days_out + 1 :]
    sold = float(past.sum())
    recent = past[:window] if past.size else np.zeros(1)
    velocity = float(recent.mean())
    remaining_days = days_out + 1
    point = sold + velocity * remaining_days
    rng = np.random.default_rng(seed)
    finals = sold + rng.choice(recent, size=(n_boot, remaining_days)).sum(axis=1)
    return _finish(point, sold, "velocity", velocity, finals)


def _pearson_residuals(observed: FloatArray, expected: FloatArray) -> FloatArray:
    """Centred (observed - expected) / sqrt(expected) where expected > 0; [0.0] if none.

    Centring keeps the interval around the point forecast: the level is the scale's
    job, the residuals only carry the day-to-day noise.
    """
    mask = expected > 0
    if not mask.any():
        return np.zeros(1)
    residuals = (observed[mask] - expected[mask]) / np.sqrt(expected[mask])
    return residuals - residuals.mean()


def _finish(point: float, sold: float, method: str, scale: float, finals: FloatArray) -> Forecast:
    low, high = np.quantile(finals, [INTERVAL_LOW_Q, INTERVAL_HIGH_Q])
    low, high = float(min(low, point)), float(max(high, point))
    return Forecast(point, low, high, sold, method, scale, finals)
