"""The tool-choice eval runs on the demo and clears its bar."""

from __future__ import annotations

import re
from collections import Counter

import pytest

import tools  # noqa: F401  (registers every tool)
from evals.tool_choice_eval import load_cases, main
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


def test_eval_fails_below_the_bar(fresh_demo_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", fresh_demo_url, "--min-tool-accuracy", "1.01"]) == 1
    assert capsys.readouterr().out.startswith("cases ")
