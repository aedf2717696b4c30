"""The delivery benchmark runs end to end in a tiny version and prints its ratio lines."""

from __future__ import annotations

import re

import pytest

from bench import delivery_delay
from tests.integration.test_rate_limits import redis_url

RESULT = re.compile(r"^RESULT (\w+) (\w+)=([\d.]+) (\w+)=([\d.]+) ratio=([\d.]+)$", re.MULTILINE)


@pytest.mark.redis
def test_delivery_delay_prints_delay_over_interval_and_redis_over_in_process(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--emails", "3", "--interval", "0.2", "--leads", "10", "--singles", "3"]
    delivery_delay.main([*argv, "--redis-url", redis_url()])

    out = capsys.readouterr().out
    results = {m[1]: (float(m[3]), float(m[5]), float(m[6])) for m in RESULT.finditer(out)}
    assert set(results) == {
        "delivery_p50",
        "delivery_p99",
        "relay_wait_p50",
        "lead_throughput",
        "lead_latency_p50",
    }
    assert "emails 3 (skipped 0)" in out
    for ours, base, ratio in results.values():
        assert ours > 0 and base > 0
        assert ratio == pytest.approx(ours / base, rel=0.02)
    assert results["delivery_p50"][1] == 0.2
    assert results["relay_wait_p50"][0] < 0.2 + 1.0  # the relay's wait is about its interval
