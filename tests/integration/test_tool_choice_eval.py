"""The tool-choice eval runs on the demo and clears its bar."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import tools  # noqa: F401  (registers every tool)
from evals.tool_choice_eval import DATASET, load_cases, main
from tools.registry import REGISTRY, get_tool


def test_dataset_covers_every_tool_and_department() -> None:
    cases = load_cases()
    assert len(cases) >= 60
    assert {c.expected_tool for c in cases} == set(REGISTRY)
    assert Counter(c.department for c in cases).keys() == {
        "sales",
        "marketing",
        "operations",
        "support",
        "analytics",
        "research",
    }
    for case in cases:
        assert case.department in {d.value for d in get_tool(case.expected_tool).departments}, case


def test_eval_passes_its_bar(fresh_demo_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", fresh_demo_url]) == 0
    report = capsys.readouterr().out
    tool_accuracy = float(re.search(r"tool accuracy ([0-9.]+)", report).group(1))  # type: ignore[union-attr]
    args_accuracy = float(re.search(r"key-argument accuracy ([0-9.]+)", report).group(1))  # type: ignore[union-attr]
    assert tool_accuracy >= 0.85
    assert args_accuracy >= 0.75
    assert "LLM calls per request 0" in report
    for department in ("analytics", "marketing", "operations", "research", "sales", "support"):
        assert re.search(rf"^{department}\s+\d+\s+[0-9.]+\s+[0-9.]+$", report, re.MULTILINE)


def _small_set(path: Path, cases: int) -> Path:
    """The packaged set's first ``cases`` lines (the bar checks need no full run)."""
    lines = DATASET.read_text(encoding="utf-8").splitlines()[:cases]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_eval_fails_below_the_bar(
    fresh_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small = str(_small_set(tmp_path / "small.jsonl", 3))
    common = ["--database-url", fresh_demo_url, "--dataset", small]
    assert main([*common, "--min-tool-accuracy", "1.01"]) == 1
    assert capsys.readouterr().out.startswith("cases 3 ")
    assert main([*common, "--min-args-accuracy", "1.01"]) == 1
    assert main(common) == 0


def test_several_sets_run_in_one_process_each_against_its_own_floors(
    fresh_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = _small_set(tmp_path / "a.jsonl", 2), _small_set(tmp_path / "b.jsonl", 3)
    sets = ["--database-url", fresh_demo_url, "--dataset", str(first), "--dataset", str(second)]
    assert main([*sets, "--min-tool-accuracy", "0.5"]) == 0  # one floor for every set
    out = capsys.readouterr().out
    assert f"Tool-choice set {first}\ncases 2 " in out
    assert f"Tool-choice set {second}\ncases 3 " in out
    assert "FAIL" not in out
    floors = ["--min-tool-accuracy", "0.5", "--min-tool-accuracy", "1.01"]
    assert main([*sets, *floors]) == 1  # the second set's floor fails, the first's holds
    fails = [line for line in capsys.readouterr().out.splitlines() if line.startswith("FAIL")]
    assert len(fails) == 1 and str(second) in fails[0] and "(floor 1.01)" in fails[0]
    with pytest.raises(SystemExit):  # three floors for two sets
        main([*sets, *floors, "--min-tool-accuracy", "0.5"])
