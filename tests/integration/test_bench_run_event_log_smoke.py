"""The run event log benchmark runs end to end in a tiny version and prints its ratios."""

from __future__ import annotations

import pytest

from bench import run_event_log
from tests.bench_results import parse_results
from tests.integration.test_rate_limits import redis_url


@pytest.mark.redis
def test_run_event_log_prints_writer_and_append_costs(capsys: pytest.CaptureFixture[str]) -> None:
    url = redis_url()
    assert (
        run_event_log.main(
            ["--runs", "4", "--events", "10", "--concurrent", "2", "--redis-url", url]
        )
        == 0
    )

    out = capsys.readouterr().out
    results = parse_results(out)
    assert set(results) == {"sequential_cpu_ms", "concurrent_cpu_ms"}
    for line in results.values():
        assert line.labels == ("writer", "append")
        assert line.ours > 0 and line.base > 0
        assert line.ratio_fits_the_figures(), line
    for row in ("in-process append", "in-process writer", "redis append", "redis writer"):
        assert row in out
