"""The routing eval: the offline router clears the 90% bar with 0 LLM calls, and the
runner fails (exit 1) below the bar and on a malformed file (exit 2)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from evals.routing_eval import (
    KINDS,
    Case,
    Outcome,
    accuracy,
    confusion,
    default_file,
    llm_use,
    load_cases,
    main,
    precision_recall,
    run_cases,
)
from graphs.state import DEPARTMENTS
from nodes.routing import CONFIDENCE_THRESHOLD
from nodes.routing.calibration import choose_threshold, held_out_routes


def test_routing_set_is_large_varied_and_balanced() -> None:
    cases = load_cases(default_file())
    assert len(cases) >= 150
    kinds = Counter(case.kind for case in cases)
    assert set(kinds) == set(KINDS)
    assert kinds["non_english"] >= 10
    assert kinds["multi"] >= 20
    assert all(len(c.agents) >= 2 for c in cases if c.kind == "multi")
    per_department = Counter(dept for case in cases for dept in case.agents)
    assert set(per_department) == set(DEPARTMENTS)
    assert max(per_department.values()) <= 1.5 * min(per_department.values())


def test_offline_router_clears_the_bar_with_no_llm_calls() -> None:
    outcomes = run_cases(load_cases(default_file()))
    assert accuracy(outcomes) >= 0.90
    multi = [o for o in outcomes if o.case.kind == "multi"]
    assert sum(o.in_order for o in multi) / len(multi) >= 0.85
    use = llm_use(outcomes)
    assert use.mean_calls == 0
    assert use.confident_with_calls == 0
    assert use.confident >= 0.8 * len(outcomes)
    for precision, recall, _ in precision_recall(outcomes).values():
        assert precision >= 0.85 and recall >= 0.85


def test_eval_command_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "PASS" in out
    assert "LLM calls per request: 0.00" in out
    assert "Per department" in out and "Confusion" in out


def test_eval_command_fails_below_the_bar(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.jsonl"
    rows = [
        {"text": "resend my ticket please", "agents": ["sales"], "kind": "casual"},
        {"text": "forecast final attendance", "agents": ["analytics"], "kind": "formal"},
    ]
    wrong.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert main(["--file", str(wrong)]) == 1
    assert main(["--file", str(wrong), "--min-accuracy", "0.5"]) == 0


def test_several_files_in_one_process_each_against_its_own_bar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    right, wrong = tmp_path / "right.jsonl", tmp_path / "wrong.jsonl"
    right.write_text(
        json.dumps({"text": "forecast final attendance", "agents": ["analytics"], "kind": "formal"})
        + "\n",
        encoding="utf-8",
    )
    rows = [
        {"text": "resend my ticket please", "agents": ["sales"], "kind": "casual"},
        {"text": "forecast final attendance", "agents": ["analytics"], "kind": "formal"},
    ]
    wrong.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    files = ["--file", str(right), "--file", str(wrong)]
    assert main([*files, "--min-accuracy", "1.0", "--min-accuracy", "0.5"]) == 0
    out = capsys.readouterr().out
    assert out.count("PASS") == 2 and f"Routing set {wrong}" in out
    assert main([*files, "--min-accuracy", "0.5", "--min-accuracy", "1.0"]) == 1  # wrong's bar
    out = capsys.readouterr().out
    assert out.index("PASS") < out.index(f"Routing set {wrong}") < out.index("FAIL")
    assert main([*files, "--min-accuracy", "0.9"]) == 1  # one bar for both: wrong is at 50%
    with pytest.raises(SystemExit):  # three bars for two files
        main([*files, "--min-accuracy", "0.5", "--min-accuracy", "0.5", "--min-accuracy", "1"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "x", "agents": ["sales"], "kind": "casual"}\nnot json\n', "line 2"),
        ('{"text": "x", "agents": ["finance"], "kind": "casual"}\n', "line 1: 'agents'"),
        ('{"text": "", "agents": ["sales"], "kind": "casual"}\n', "line 1: 'text'"),
        ('{"text": "x", "agents": ["sales"], "kind": "shouty"}\n', "line 1: 'kind'"),
        ("\n", "has no requests"),
    ],
)
def test_eval_command_rejects_a_malformed_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    assert main(["--file", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_eval_command_on_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--file", str(tmp_path / "nope.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_confusion_counts_misses_and_extras() -> None:
    def outcome(expected: list[str], routed: list[str]) -> Outcome:
        decision = {"agents": routed, "confidence": 0.9, "method": "classifier", "llm_calls": 0}
        return Outcome(Case("t", expected, "multi"), decision)  # type: ignore[arg-type]

    counts = confusion(
        [
            outcome(["sales"], ["marketing"]),
            outcome(["sales", "support"], ["sales", "research"]),
        ]
    )
    assert counts == Counter(
        {
            ("sales", "marketing"): 1,
            ("sales", "sales"): 1,
            ("support", "(missed)"): 1,
            ("(extra)", "research"): 1,
        }
    )


def test_documented_threshold_is_what_cross_validation_picks() -> None:
    assert choose_threshold(held_out_routes()) == CONFIDENCE_THRESHOLD
