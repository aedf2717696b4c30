"""The recovery-check benchmark runs at a tiny size: both variants find nothing, a ratio."""

from __future__ import annotations

import pytest

from bench import recovery_check
from tests.bench_results import parse_results


def test_tiny_recovery_check_benchmark_prints_both_variants_and_the_ratio(
    capsys: pytest.CaptureFixture[str], bench_demo_from_template: None
) -> None:
    assert recovery_check.main(["--checks", "5", "--rounds", "1"]) == 0

    out = capsys.readouterr().out
    line = parse_results(out)["cpu_us_per_check"]
    assert line.labels == ("after", "before")
    assert line.ours > 0 and line.base > 0
    assert line.ratio_fits_the_figures(), line
