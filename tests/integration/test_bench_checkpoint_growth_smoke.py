"""The checkpoint-growth benchmark runs end to end at a small size, baseline included."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bench import checkpoint_growth
from tests.services import postgres_admin_url

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("bench_demo_from_template"),  # seeded once per session
]

ROOT = Path(__file__).resolve().parents[2]


def test_small_growth_benchmark_prints_both_graphs_and_the_ratio(
    capsys: pytest.CaptureFixture[str],
) -> None:
    known = subprocess.run(
        [
            "git",
            "-C",
            str(ROOT),
            "cat-file",
            "-e",
            f"{checkpoint_growth.BASELINE_COMMIT}^{{commit}}",
        ],
        capture_output=True,
        check=False,
    )
    if known.returncode != 0:
        pytest.skip("the baseline commit is not in this clone (shallow?)")

    code = checkpoint_growth.main(["--turns", "20", "--postgres", postgres_admin_url()])

    out = capsys.readouterr().out
    assert code == 0
    totals = {
        m["graph"]: (int(m["total"]), int(m["subgraphs"]), int(m["messages"]))
        for m in re.finditer(
            r"^RESULT ckpt_bytes graph=(?P<graph>\w+) turns=20 total=(?P<total>\d+) "
            r"subgraphs=(?P<subgraphs>\d+) checkpoints=\d+ messages=(?P<messages>\d+)$",
            out,
            re.MULTILINE,
        )
    }
    assert set(totals) == {"baseline", "current"}, out
    assert totals["baseline"][1] > 0 and totals["current"][1] == 0  # department checkpoints
    assert totals["baseline"][2] == totals["current"][2] == 40  # the same conversation
    ratio = re.search(r"^RESULT ckpt_ratio baseline/current=(\d+\.\d+)$", out, re.MULTILINE)
    assert ratio is not None and float(ratio[1]) > 2, out
    assert "baseline 8d55b11" in out
