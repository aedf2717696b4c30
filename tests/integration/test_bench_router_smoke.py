"""The router benchmark runs end to end on two tiny sets and prints both routers side by side."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench.router_embedding import main

ROW = re.compile(r"^(?P<figure>.+?)\s+(?P<ours>[\d.]+)%?\s+(?P<base>[\d.]+)%?\s+(?P<ratio>[\d.]+)$")


def _write(path: Path, rows: list[tuple[str, list[str]]]) -> Path:
    lines = [json.dumps({"text": t, "agents": a, "kind": "casual"}) for t, a in rows]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_benchmark_prints_accuracy_latency_and_ratios(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tuned = _write(tmp_path / "tuned.jsonl", [("refund my order please", ["support"])])
    held = _write(
        tmp_path / "held.jsonl",
        [("forecast the final attendance", ["analytics"]), ("find sponsors", ["sales"])],
    )
    assert main(["--tuned", str(tuned), "--held-out", str(held)]) == 0
    out = capsys.readouterr().out
    rows = {m["figure"].strip(): m for line in out.splitlines() if (m := ROW.match(line))}
    assert float(rows["accuracy tuned (1)"]["ours"]) == 100.0
    assert float(rows["accuracy held-out (2)"]["ours"]) == 100.0
    for figure in ("latency p50 per request (ms)", "latency p99 per request (ms)", "training (s)"):
        row = rows[figure]
        assert float(row["ours"]) > 0 and float(row["base"]) > 0
        assert float(row["ratio"]) == pytest.approx(
            float(row["ours"]) / float(row["base"]), rel=0.05, abs=0.01
        )
