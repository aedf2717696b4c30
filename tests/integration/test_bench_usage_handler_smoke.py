"""The usage-handler benchmark runs at a tiny size: same tokens, fewer thread-pool hops."""

from __future__ import annotations

import re

import pytest

from bench import usage_handler
from tests.bench_results import parse_results


def test_tiny_usage_handler_benchmark_prints_both_handlers_and_the_ratio(
    capsys: pytest.CaptureFixture[str], bench_demo_from_template: None
) -> None:
    assert usage_handler.main(["--runs", "2", "--rounds", "1"]) == 0

    out = capsys.readouterr().out
    line = parse_results(out)["cpu_ms_per_run"]
    assert line.ours > 0 and line.base > 0
    assert line.ratio_fits_the_figures(), line
    hops = {
        name: float(per_run)
        for name, per_run in re.findall(r"^(langchain|run_usage)\s+[\d.]+\s+([\d.]+)", out, re.M)
    }
    # The stock handler sends every node's start and end to the pool; ours sends none.
    assert hops["langchain"] >= hops["run_usage"] + 20, hops
