"""Two-proportion statistics for A/B tests: power-based sample size and the z-test.

Pure functions on plain numbers (no database, no scipy): the normal CDF comes from
``math.erf`` and its inverse from bisection on that CDF, exact to ~1e-12.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

DEFAULT_ALPHA = 0.05
DEFAULT_POWER = 0.8


def normal_cdf(x: float) -> float:
    """Standard normal cumulative distribution function Φ(x)."""
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def normal_ppf(p: float) -> float:
    """Inverse of Φ: the z with Φ(z) = p, for 0 < p < 1 (bisection to 1e-12).

    Raises:
        ValueError: ``p`` is not strictly between 0 and 1.
    """
    if not 0.0 < p < 1.0:
        raise ValueError("p must be strictly between 0 and 1")
    low, high = -40.0, 40.0
    while high - low > 1e-12:
        mid = (low + high) / 2.0
        if normal_cdf(mid) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2.0


def sample_size_per_arm(
    baseline: float, mde: float, *, alpha: float = DEFAULT_ALPHA, power: float = DEFAULT_POWER
) -> int:
    """Recipients needed in each arm to detect an absolute lift of ``mde`` over ``baseline``.

    Two-sided two-proportion test with equal arms (Fleiss, no continuity correction)::

        n = (z_{1-α/2}·√(2·p̄(1-p̄)) + z_{power}·√(p1(1-p1) + p2(1-p2)))² / (p2 - p1)²

    where p1 = baseline, p2 = baseline + mde and p̄ = (p1 + p2) / 2. For baseline 0.20
    and mde 0.05 this gives 1,094 per arm.

    Args:
        baseline: the control arm's expected rate, 0 < baseline < 1.
        mde: minimum detectable effect as an absolute difference in rate, > 0.
        alpha: two-sided significance level.
        power: probability of detecting a true lift of ``mde``.

    Returns:
        The per-arm sample size, rounded up.

    Raises:
        ValueError: the rates are outside (0, 1).
    """
    p1, p2 = baseline, baseline + mde
    if not (0.0 < p1 < 1.0 and 0.0 < p2 < 1.0 and mde > 0.0):
        raise ValueError("baseline and baseline + mde must lie strictly between 0 and 1")
    z_alpha = normal_ppf(1.0 - alpha / 2.0)
    z_power = normal_ppf(power)
    pooled = (p1 + p2) / 2.0
    spread = z_alpha * math.sqrt(2.0 * pooled * (1.0 - pooled)) + z_power * math.sqrt(
        p1 * (1.0 - p1) + p2 * (1.0 - p2)
    )
    return math.ceil(spread**2 / mde**2)


@dataclass(frozen=True)
class ZTest:
    """Result of a pooled two-proportion z-test (b compared with a)."""

    rate_a: float
    rate_b: float
    difference: float
    z: float
    p_value: float

    @property
    def significant(self) -> bool:
        """Whether the difference is significant at α = 0.05."""
        return self.p_value < DEFAULT_ALPHA


def two_proportion_z_test(successes_a: int, n_a: int, successes_b: int, n_b: int) -> ZTest:
    """Pooled two-proportion z-test, two-sided.

    z = (p_b - p_a) / √(p̄(1-p̄)(1/n_a + 1/n_b)) with p̄ the pooled rate; the p-value is
    2·(1 - Φ(|z|)) = erfc(|z|/√2). When both arms have the same all-or-nothing rate the
    standard error is 0 and the test reports z = 0, p = 1.

    Raises:
        ValueError: an arm is empty or has more successes than trials.
    """
    if n_a <= 0 or n_b <= 0:
        raise ValueError("each arm needs at least one trial")
    if not (0 <= successes_a <= n_a and 0 <= successes_b <= n_b):
        raise ValueError("successes must lie between 0 and the number of trials")
    rate_a, rate_b = successes_a / n_a, successes_b / n_b
    pooled = (successes_a + successes_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1.0 - pooled) * (1.0 / n_a + 1.0 / n_b))
    if se == 0.0:
        return ZTest(rate_a, rate_b, rate_b - rate_a, 0.0, 1.0)
    z = (rate_b - rate_a) / se
    return ZTest(rate_a, rate_b, rate_b - rate_a, z, math.erfc(abs(z) / math.sqrt(2.0)))
