"""A/B statistics against textbook values: normal quantiles, sample size, z-test."""

from __future__ import annotations

import math

import pytest

from domain.marketing.stats import (
    normal_cdf,
    normal_ppf,
    sample_size_per_arm,
    two_proportion_z_test,
)


def test_normal_quantiles_match_tables() -> None:
    assert normal_ppf(0.975) == pytest.approx(1.959964, abs=1e-6)
    assert normal_ppf(0.8) == pytest.approx(0.841621, abs=1e-6)
    assert normal_ppf(0.5) == pytest.approx(0.0, abs=1e-9)
    assert normal_cdf(1.959964) == pytest.approx(0.975, abs=1e-6)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        normal_ppf(1.0)


@pytest.mark.parametrize(
    ("baseline", "mde", "expected"),
    [
        (0.20, 0.05, 1094),  # the brief's example: ~1,090 per arm
        (0.10, 0.02, 3841),
        (0.05, 0.01, 8158),
        (0.50, 0.10, 388),
    ],
)
def test_sample_size_per_arm_known_values(baseline: float, mde: float, expected: int) -> None:
    assert sample_size_per_arm(baseline, mde) == expected


def test_sample_size_grows_with_power_and_shrinks_with_effect() -> None:
    assert sample_size_per_arm(0.2, 0.05, power=0.9) > sample_size_per_arm(0.2, 0.05)
    assert sample_size_per_arm(0.2, 0.10) < sample_size_per_arm(0.2, 0.05)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        sample_size_per_arm(0.98, 0.05)


def test_two_proportion_z_test_known_value() -> None:
    result = two_proportion_z_test(200, 1000, 250, 1000)
    assert result.z == pytest.approx(2.677398, abs=1e-6)
    assert result.p_value == pytest.approx(0.0074196, abs=1e-6)
    assert result.significant
    assert result.difference == pytest.approx(0.05)


def test_two_proportion_z_test_symmetry_and_edges() -> None:
    forward = two_proportion_z_test(30, 100, 40, 100)
    backward = two_proportion_z_test(40, 100, 30, 100)
    assert forward.p_value == pytest.approx(backward.p_value)
    assert forward.z == pytest.approx(-backward.z)
    assert not forward.significant  # p ≈ 0.138
    assert forward.p_value == pytest.approx(math.erfc(abs(forward.z) / math.sqrt(2)))
    same = two_proportion_z_test(0, 50, 0, 80)
    assert (same.z, same.p_value) == (0.0, 1.0)
    with pytest.raises(ValueError, match="at least one trial"):
        two_proportion_z_test(0, 0, 1, 10)
    with pytest.raises(ValueError, match="between 0 and the number of trials"):
        two_proportion_z_test(11, 10, 1, 10)
