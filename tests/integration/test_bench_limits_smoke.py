"""The limits benchmark runs end to end in a tiny version and prints its ratio lines."""

from __future__ import annotations

import pytest

from bench import limits_overhead
from tests.bench_results import parse_results

pytestmark = pytest.mark.usefixtures("bench_demo_from_template")  # seeded once per session


def test_limits_overhead_prints_on_off_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    assert limits_overhead.main(["--requests", "5", "--calls", "3"]) == 0

    out = capsys.readouterr().out
    results = parse_results(out)
    assert set(results) == {"request_ms", "model_call_ms", "model_call_unlimited_ms"}
    assert results["request_ms"].labels == ("limiter", "none")
    assert results["model_call_ms"].labels == ("budget", "none")
    for line in results.values():
        assert line.ours > 0 and line.base > 0
        assert line.ratio_fits_the_figures(), line
    assert "GET /integrations        limiter on" in out
