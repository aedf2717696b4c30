"""The stream-bytes benchmark runs end to end in a tiny version and prints its ratios."""

from __future__ import annotations

import pytest

from bench import stream_bytes
from tests.bench_results import parse_results

pytestmark = pytest.mark.usefixtures("bench_demo_from_template")  # seeded once per session


def test_slim_snapshots_cut_the_bytes_of_a_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream_bytes, "REQUESTS", {"refund": stream_bytes.REQUESTS["refund"]})
    assert stream_bytes.main(["--runs", "1"]) == 0

    out = capsys.readouterr().out
    results = parse_results(out)
    assert set(results) == {"bytes_per_run_refund", "bytes_per_run", "snapshot_bytes_per_run"}
    for line in results.values():
        assert line.labels == ("slim", "full")
        assert 0 < line.ours < line.base
        assert line.ratio_fits_the_figures(), line
    assert results["snapshot_bytes_per_run"].ratio < 0.5  # the snapshots shrink most
