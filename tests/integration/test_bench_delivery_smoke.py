"""The delivery benchmark runs end to end in a tiny version and prints its ratio lines."""

from __future__ import annotations

import pytest

from bench import delivery_delay
from tests.bench_results import parse_results
from tests.integration.test_rate_limits import redis_url

pytestmark = pytest.mark.usefixtures("bench_demo_from_template")  # seeded once per session


@pytest.mark.redis
def test_delivery_delay_prints_delay_over_interval_and_redis_over_in_process(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--emails", "3", "--interval", "0.2", "--leads", "10", "--singles", "3"]
    delivery_delay.main([*argv, "--redis-url", redis_url()])

    out = capsys.readouterr().out
    results = parse_results(out)
    assert set(results) == {
        "delivery_p50",
        "delivery_p99",
        "relay_wait_p50",
        "lead_throughput",
        "lead_latency_p50",
    }
    assert "emails 3 (skipped 0)" in out
    for line in results.values():
        assert line.ours > 0 and line.base > 0
        assert line.ratio_fits_the_figures(), line
    assert results["delivery_p50"].base == 0.2
    assert results["relay_wait_p50"].ours < 0.2 + 1.0  # the relay's wait is about its interval
