"""The automation-delays benchmark prints both delays of issue 13 in one run."""

from __future__ import annotations

import re

import pytest

from bench import automation_delays

pytestmark = pytest.mark.usefixtures("bench_demo_from_template")  # seeded once per session

RESULT = re.compile(r"^RESULT (\w+) (\w+)=([\d.]+) (\w+)=([\d.]+) ratio=([\d.]+)$", re.MULTILINE)


def test_both_delays_are_printed_against_their_own_precision(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--fires", "3", "--spread", "1", "--tick", "0.2", "--emails", "2", "--interval", "0.2"]
    assert automation_delays.main(argv) == 0

    out = capsys.readouterr().out
    results = {m[1]: m for m in RESULT.finditer(out)}
    assert {"delay_p50_ms", "delay_p99_ms", "delivery_p50", "delivery_p99"} <= set(results)
    assert float(results["delay_p50_ms"][3]) >= float(results["delay_p50_ms"][5]) >= 0
    assert float(results["delivery_p50"][3]) > 0
    assert "emails 2 (skipped 0)" in out
