"""The per-run CPU benchmark measures a baseline worktree and this tree at a tiny size."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bench import run_cpu
from tests.bench_results import parse_results
from tests.services import postgres_admin_url

pytestmark = pytest.mark.postgres


def test_tiny_run_cpu_benchmark_prints_before_after_and_floor(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    server = postgres_admin_url()
    argv = ["--runs", "2", "--clients", "2", "--warmup", "1", "--rounds", "1"]
    argv += ["--scratch", str(tmp_path)]
    code = run_cpu.main([*argv, "--baseline", "HEAD", "--postgres", server])

    out = capsys.readouterr().out
    assert code == 0
    results = parse_results(out)
    assert set(results) == {"server_cpu_ms_per_run", "server_cpu_vs_floor", "floor_cpu_ms_per_run"}
    for line in results.values():
        assert line.ours > 0
        assert line.base > 0
        assert line.ratio_fits_the_figures(), line
    rows = re.findall(
        r"^(before \(HEAD\)|after \(this tree\))\s+([\d.]+)\s+([\d.]+)\s+(\d+)", out, re.M
    )
    assert [row[0] for row in rows] == ["before (HEAD)", "after (this tree)"]
    for _, _, _, events in rows:
        assert int(events) > 5  # RUN_STARTED ... RUN_FINISHED with steps and text between
    worktrees = subprocess.run(
        ["git", "-C", str(run_cpu.TREE), "worktree", "list"], capture_output=True, text=True
    ).stdout
    # The temporary worktree is gone, from git's list and from disk (other worktrees of
    # the repository may be running this benchmark now: only this run's tree is looked at).
    assert str(tmp_path) not in worktrees
    assert list(tmp_path.iterdir()) == []


def test_baseline_worktrees_are_unique_and_removed(tmp_path: Path) -> None:
    """Two baseline checkouts at once (two benchmarks, or one left by a killed run) coexist."""
    with run_cpu.checked_out("HEAD", tmp_path) as one, run_cpu.checked_out("HEAD", tmp_path) as two:
        assert one != two and one.name != two.name  # git names each worktree after its folder
        assert (one / "bench" / "run_cpu.py").is_file() and (two / "bench" / "run_cpu.py").is_file()
        listed = subprocess.run(
            ["git", "-C", str(run_cpu.TREE), "worktree", "list"], capture_output=True, text=True
        ).stdout
        assert str(one) in listed and str(two) in listed
    listed = subprocess.run(
        ["git", "-C", str(run_cpu.TREE), "worktree", "list"], capture_output=True, text=True
    ).stdout
    assert str(tmp_path) not in listed
    assert list(tmp_path.iterdir()) == []
