"""The serving benchmarks run end to end in tiny versions and print their ratio lines."""

from __future__ import annotations

import re

import pytest

from bench import concurrent_clients, serving_overhead

RESULT = re.compile(r"^RESULT (\w+) (\w+)=([\d.]+) (\w+)=([\d.]+) ratio=([\d.]+)$", re.MULTILINE)


def _results(out: str) -> dict[str, tuple[float, float, float]]:
    return {m[1]: (float(m[3]), float(m[5]), float(m[6])) for m in RESULT.finditer(out)}


def test_serving_overhead_prints_agui_to_raw_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    assert serving_overhead.main(["--runs", "2", "--warmup", "1"]) == 0

    out = capsys.readouterr().out
    results = _results(out)
    assert set(results) == {
        "ttfe_ms",
        "ttfe_ms_vs_messages",
        "first_token_ms",
        "total_ms",
        "bytes_per_run",
        "bytes_per_run_vs_messages",
        "raw_events_bytes",
    }
    for agui, raw, ratio in results.values():
        assert agui > 0
        assert raw > 0
        assert ratio == pytest.approx(agui / raw, abs=1e-3)
    # RAW events carry every LangChain callback payload: many times the bytes.
    raw_on, raw_off, _ = results["raw_events_bytes"]
    assert raw_on > 5 * raw_off
    assert "POST /agui over HTTP (RAW off)" in out


def test_concurrent_clients_prints_throughput_beside_the_ideal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--clients", "1,4", "--seconds", "1", "--latency", "0.05", "--max-runs", "3"]
    assert concurrent_clients.main(argv) == 0

    out = capsys.readouterr().out
    results = _results(out)
    observed, ideal, ratio = results["throughput_runs_per_s"]
    assert ideal == pytest.approx(4 / 0.05)  # 4 clients, one 50 ms model call per run
    assert 0 < observed < ideal  # a run can never take less than its model time
    assert ratio == pytest.approx(observed / ideal, abs=1e-3)
    p50, p99, _ = results["added_latency_ms"]
    assert 0 < p50 <= p99
    assert "RESULT failed_runs clients=4 failed=0" in out
    rows = re.findall(r"^\s+(\d+)\s+(\d+)\s+0\s", out, re.MULTILINE)
    assert [clients for clients, _ in rows] == ["1", "4"]
