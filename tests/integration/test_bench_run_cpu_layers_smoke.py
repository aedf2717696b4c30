"""The per-layer CPU benchmark runs every layer at a tiny size and prints its ratios."""

from __future__ import annotations

import re

import pytest

from bench import run_cpu_layers
from tests.bench_results import parse_results
from tests.services import postgres_admin_url

pytestmark = pytest.mark.postgres


def test_tiny_layer_benchmark_prints_each_layer_and_its_ratios(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = run_cpu_layers.main(["--runs", "1", "--rounds", "1", "--postgres", postgres_admin_url()])

    out = capsys.readouterr().out
    assert code == 0
    results = parse_results(out)
    assert set(results) == {
        "checkpoints_postgres",
        "astream_events_vs_ainvoke",
        "astream_events_vs_astream",
        "agui_vs_astream_events",
    }
    for line in results.values():
        assert line.ours > 0
        assert line.base > 0
        assert line.ratio_fits_the_figures(), line
    rows = dict(
        (name.strip(), events)
        for name, _, events in re.findall(r"^(\S.*?)\s+([\d.]+)\s+(\d+|-)\s+[\d.]+$", out, re.M)
    )
    assert list(rows) == [
        "ainvoke, in memory (floor)",
        "ainvoke, Postgres",
        "astream 3 modes, Postgres",
        "astream_events, Postgres",
        "AG-UI events, no HTTP",
    ]
    # the client gets fewer events than astream_events makes: department chatter is dropped
    assert 5 < int(rows["AG-UI events, no HTTP"]) < int(rows["astream_events, Postgres"])
