"""The run event log benchmark runs end to end in a tiny version and prints its ratios."""

from __future__ import annotations

import re

import pytest

from bench import run_event_log
from tests.integration.test_rate_limits import redis_url

RESULT = re.compile(r"^RESULT (\w+) writer=([\d.]+) append=([\d.]+) ratio=([\d.]+)$", re.M)


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
    results = {m[1]: (float(m[2]), float(m[3]), float(m[4])) for m in RESULT.finditer(out)}
    assert set(results) == {"sequential_cpu_ms", "concurrent_cpu_ms"}
    for writer, append, ratio in results.values():
        assert writer > 0 and append > 0
        assert ratio == pytest.approx(writer / append, rel=0.01)
    for row in ("in-process append", "in-process writer", "redis append", "redis writer"):
        assert row in out
