"""The LangGraph API streaming benchmark runs end to end in a tiny version."""

from __future__ import annotations

import re

import pytest

from bench import langgraph_api_stream

RESULT = re.compile(r"^RESULT (\w+) (\w+)=([\d.]+) (\w+)=([\d.]+) ratio=([\d.]+)$", re.MULTILINE)


def test_runs_stream_is_compared_with_agui(capsys: pytest.CaptureFixture[str]) -> None:
    assert langgraph_api_stream.main(["--runs", "1", "--warmup", "0", "--no-dev"]) == 0

    out = capsys.readouterr().out
    results = {m[1]: (float(m[3]), float(m[5]), float(m[6])) for m in RESULT.finditer(out)}
    assert set(results) == {"ttfe_ms_vs_agui", "total_ms_vs_agui", "bytes_per_run_vs_agui"}
    for ours, theirs, ratio in results.values():
        assert ours > 0 and theirs > 0
        assert ratio == pytest.approx(ours / theirs, abs=1e-3)
    assert "langgraph dev: runs.stream" in out
