"""The limits benchmark runs end to end in a tiny version and prints its ratio lines."""

from __future__ import annotations

import re

import pytest

from bench import limits_overhead

RESULT = re.compile(r"^RESULT (\w+) (\w+)=([\d.]+) (\w+)=([\d.]+) ratio=([\d.]+)$", re.MULTILINE)


def test_limits_overhead_prints_on_off_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    assert limits_overhead.main(["--requests", "5", "--calls", "3"]) == 0

    out = capsys.readouterr().out
    results = {
        m[1]: (m[2], float(m[3]), m[4], float(m[5]), float(m[6])) for m in RESULT.finditer(out)
    }
    assert set(results) == {"request_ms", "model_call_ms", "model_call_unlimited_ms"}
    assert results["request_ms"][::2] == ("limiter", "none", results["request_ms"][4])
    assert results["model_call_ms"][::2] == ("budget", "none", results["model_call_ms"][4])
    for _, on, _, off, ratio in results.values():
        assert on > 0 and off > 0
        assert ratio == pytest.approx(on / off, rel=0.01)  # printed to 3 decimals
    assert "GET /integrations        limiter on" in out
