"""The stream-bytes benchmark runs end to end in a tiny version and prints its ratios."""

from __future__ import annotations

import re

import pytest

from bench import stream_bytes

RESULT = re.compile(r"^RESULT (\w+) slim=([\d.]+) full=([\d.]+) ratio=([\d.]+)$", re.MULTILINE)


def test_slim_snapshots_cut_the_bytes_of_a_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream_bytes, "REQUESTS", {"refund": stream_bytes.REQUESTS["refund"]})
    assert stream_bytes.main(["--runs", "1"]) == 0

    out = capsys.readouterr().out
    results = {m[1]: (float(m[2]), float(m[3]), float(m[4])) for m in RESULT.finditer(out)}
    assert set(results) == {"bytes_per_run_refund", "bytes_per_run", "snapshot_bytes_per_run"}
    for slim, full, ratio in results.values():
        assert 0 < slim < full
        assert ratio == pytest.approx(slim / full, abs=1e-3)
    assert results["snapshot_bytes_per_run"][2] < 0.5  # the snapshots shrink most
