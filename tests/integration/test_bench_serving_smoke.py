"""The serving benchmarks run end to end in tiny versions and print their ratio lines."""

from __future__ import annotations

import re

import pytest

from bench import concurrent_clients, serving_overhead
from tests.bench_results import parse_results

pytestmark = pytest.mark.usefixtures("bench_demo_from_template")  # seeded once per session


def test_serving_overhead_prints_agui_to_raw_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    assert serving_overhead.main(["--runs", "2", "--warmup", "1"]) == 0

    out = capsys.readouterr().out
    results = parse_results(out)
    assert set(results) == {
        "ttfe_ms",
        "ttfe_ms_vs_messages",
        "first_token_ms",
        "total_ms",
        "bytes_per_run",
        "bytes_per_run_vs_messages",
        "raw_events_bytes",
    }
    for line in results.values():
        assert line.ours > 0
        assert line.base > 0
        assert line.ratio_fits_the_figures(), line
    # RAW events carry every LangChain callback payload: many times the bytes.
    raw = results["raw_events_bytes"]
    assert raw.ours > 5 * raw.base
    assert "POST /agui over HTTP (RAW off)" in out


def test_concurrent_clients_prints_throughput_beside_the_ideal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--clients", "1,4", "--seconds", "1", "--latency", "0.05", "--max-runs", "3"]
    assert concurrent_clients.main(argv) == 0

    out = capsys.readouterr().out
    results = parse_results(out)
    throughput = results["throughput_runs_per_s"]
    observed, ideal = throughput.ours, throughput.base
    assert ideal == pytest.approx(4 / 0.05)  # 4 clients, one 50 ms model call per run
    assert 0 < observed < ideal  # a run can never take less than its model time
    assert throughput.ratio_fits_the_figures(), throughput
    latency = results["added_latency_ms"]
    assert 0 < latency.ours <= latency.base  # p50 and p99
    assert "RESULT failed_runs clients=4 failed=0" in out
    rows = re.findall(r"^\s+(\d+)\s+(\d+)\s+0\s", out, re.MULTILINE)
    assert [clients for clients, _ in rows] == ["1", "4"]
