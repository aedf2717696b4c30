"""The shape of daily ticket sales over a selling window.

Conference sales follow a familiar pattern: a launch burst, a rush before the
early-bird deadline, a mid-campaign lull, then a ramp that steepens in the final
weeks. Weekends sell less. Editions share the shape with their own scale and noise.
"""

from __future__ import annotations

import numpy as np

WINDOW_DAYS = 132
EARLY_BIRD_DEADLINE_DAY = 30
WEEKDAY_FACTOR = np.array([1.10, 1.15, 1.12, 1.05, 0.95, 0.60, 0.55])


def daily_weights(first_weekday: int, window: int = WINDOW_DAYS) -> np.ndarray:
    """Relative expected orders for each day of the window (sums to 1).

    Args:
        first_weekday: weekday (Monday=0) of the first selling day.
        window: number of selling days.
    """
    t = np.arange(window, dtype=float)
    frac = t / (window - 1)
    launch = 2.2 * np.exp(-t / 4.0)
    early_bird = 1.6 * np.exp(-((t - EARLY_BIRD_DEADLINE_DAY) ** 2) / 18.0)
    ramp = 0.55 + 2.4 * frac**2.2
    weekday = WEEKDAY_FACTOR[(first_weekday + t.astype(int)) % 7]
    weights = (launch + early_bird + ramp) * weekday
    return weights / weights.sum()


def sample_daily_counts(
    rng: np.random.Generator, first_weekday: int, total: int, days: int | None = None
) -> np.ndarray:
    """Orders per day: ``total`` spread over the first ``days`` of the window.

    The shape is perturbed by a per-day lognormal factor, so editions differ day to day
    while keeping the curve. The sum is exactly ``total``.
    """
    weights = daily_weights(first_weekday)
    if days is not None:
        weights = weights[:days]
    noisy = weights * rng.lognormal(0.0, 0.18, size=weights.size)
    return rng.multinomial(total, noisy / noisy.sum())
