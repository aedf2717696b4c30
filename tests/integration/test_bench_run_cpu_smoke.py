"""The per-run CPU benchmark measures a baseline worktree and this tree at a tiny size."""

from __future__ import annotations

import re
import subprocess

import pytest

from bench import run_cpu
from tests.services import postgres_admin_url

pytestmark = pytest.mark.postgres

RESULT = re.compile(r"^RESULT (\w+) (\w+)=([\d.]+) (\w+)=([\d.]+) ratio=([\d.]+)$", re.MULTILINE)


def test_tiny_run_cpu_benchmark_prints_before_after_and_floor(
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = postgres_admin_url()
    argv = ["--runs", "2", "--clients", "2", "--warmup", "1", "--rounds", "1"]
    code = run_cpu.main([*argv, "--baseline", "HEAD", "--postgres", server])

    out = capsys.readouterr().out
    assert code == 0
    results = {m[1]: (float(m[3]), float(m[5]), float(m[6])) for m in RESULT.finditer(out)}
    assert set(results) == {"server_cpu_ms_per_run", "server_cpu_vs_floor", "floor_cpu_ms_per_run"}
    for ours, theirs, ratio in results.values():
        assert ours > 0
        assert theirs > 0
        assert ratio == pytest.approx(ours / theirs, rel=1e-2)
    rows = re.findall(
        r"^(before \(HEAD\)|after \(this tree\))\s+([\d.]+)\s+([\d.]+)\s+(\d+)", out, re.M
    )
    assert [row[0] for row in rows] == ["before (HEAD)", "after (this tree)"]
    for _, _, _, events in rows:
        assert int(events) > 5  # RUN_STARTED ... RUN_FINISHED with steps and text between
    worktrees = subprocess.run(
        ["git", "-C", str(run_cpu.TREE), "worktree", "list"], capture_output=True, text=True
    ).stdout
    assert "switchboard-baseline-" not in worktrees  # the temporary worktree is gone
