"""The HITL benchmark runs end to end at a tiny size and prints its ratio lines."""

from __future__ import annotations

import re

import pytest

from bench import hitl_overhead
from tests.services import postgres_admin_url

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("bench_demo_from_template"),  # seeded once per session
]

NUMBER = r"\d+(?:\.\d+)?"


def test_tiny_hitl_benchmark_prints_the_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    server = postgres_admin_url()

    code = hitl_overhead.main(["--runs", "1", "--turns", "12", "--postgres", server])

    out = capsys.readouterr().out
    assert code == 0
    for graph in ("5-node", "supervisor"):
        for saver in ("postgres-sync", "postgres-async"):
            pattern = (
                rf"^RESULT overhead graph={graph} saver={saver} "
                rf"ms_per_step={NUMBER} ratio={NUMBER}$"
            )
            assert re.search(pattern, out, re.MULTILINE), out
    totals = {
        m["system"]: int(m["total"])
        for m in re.finditer(
            r"^RESULT bytes system=(?P<system>[\w-]+) turns=12 total=(?P<total>\d+) ", out, re.M
        )
    }
    assert set(totals) == {"narrow", "leaky"}
    assert totals["narrow"] < totals["leaky"]
    leaky = re.search(rf"^RESULT bytes_ratio leaky/narrow=({NUMBER})$", out, re.MULTILINE)
    assert leaky is not None and float(leaky[1]) > 1
    assert "newest root checkpoint with its channel values" in out
    # Narrow outputs: two messages per turn reach the supervisor; the leaky baseline more.
    rows = {
        label: int(line.split()[-1])
        for line in out.splitlines()
        for label in ("supervisor (narrow outputs)", "baseline (chatter leaks)")
        if line.startswith(label) and line.split()[-1].isdigit()  # the bytes table
    }
    assert rows["supervisor (narrow outputs)"] == 24
    assert rows["baseline (chatter leaks)"] > 24
