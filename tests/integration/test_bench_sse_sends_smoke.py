"""The SSE sends benchmark runs at a tiny size: same events, fewer sends when batched."""

from __future__ import annotations

import re

import pytest

from bench import sse_sends
from tests.bench_results import parse_results
from tests.integration.test_rate_limits import redis_url


@pytest.mark.redis
def test_tiny_sse_sends_benchmark_prints_both_variants_and_the_ratios(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--runs", "4", "--clients", "2", "--rounds", "1", "--warmup", "2"]
    assert sse_sends.main([*argv, "--redis-url", redis_url()]) == 0

    out = capsys.readouterr().out
    results = parse_results(out)
    sends, cpu = results["sends_per_run"], results["cpu_ms_per_run"]
    assert sends.ratio_fits_the_figures() and cpu.ratio_fits_the_figures(), out
    events = sse_sends.run_events("r")
    # One send per event and one for the body's end before; now the worker's pauses
    # split a run into a few bursts, the last with the body's end.
    assert sends.base == len(events) + 1, out
    assert 1 <= sends.ours <= len(events) / 2, out
    rows = dict(re.findall(r"^(per_event|batched)\s+[\d.]+\s+[\d.]+\s+([\d.]+)", out, re.M))
    assert rows == {"per_event": f"{len(events)}.0", "batched": f"{len(events)}.0"}, out
