"""The schedule-delay benchmark runs end to end in a tiny version and prints its ratios."""

from __future__ import annotations

import re

import pytest

from bench import schedule_delay

pytestmark = pytest.mark.usefixtures("bench_demo_from_template")  # seeded once per session

RESULT = re.compile(r"^RESULT (\w+) (\w+)=([\d.]+) (\w+)=([\d.]+) ratio=([\d.]+)$", re.MULTILINE)


def test_schedule_delay_prints_delay_against_the_tick(capsys: pytest.CaptureFixture[str]) -> None:
    assert schedule_delay.main(["--fires", "3", "--spread", "1", "--tick", "0.2"]) == 0

    out = capsys.readouterr().out
    results = {m[1]: m for m in RESULT.finditer(out)}
    assert set(results) == {"delay_p50_ms", "delay_p99_ms"}
    for m in results.values():
        assert (m[2], m[4]) == ("scheduler", "tick")
        scheduler, tick = float(m[3]), float(m[5])
        assert scheduler >= tick >= 0  # a run cannot start before the pass that fires it
    assert "3 fires, scheduler tick 200 ms" in out
