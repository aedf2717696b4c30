"""The LangGraph API streaming benchmark runs end to end in a tiny version."""

from __future__ import annotations

import pytest

from bench import langgraph_api_stream
from tests.bench_results import parse_results

pytestmark = pytest.mark.usefixtures("bench_demo_from_template")  # seeded once per session


def test_runs_stream_is_compared_with_agui(capsys: pytest.CaptureFixture[str]) -> None:
    assert langgraph_api_stream.main(["--runs", "1", "--warmup", "0", "--no-dev"]) == 0

    out = capsys.readouterr().out
    results = parse_results(out)
    assert set(results) == {"ttfe_ms_vs_agui", "total_ms_vs_agui", "bytes_per_run_vs_agui"}
    for line in results.values():
        assert line.ours > 0 and line.base > 0
        assert line.ratio_fits_the_figures(), line
    assert "langgraph dev: runs.stream" in out
