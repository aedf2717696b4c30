"""The end-to-end eval: its data sets are well formed and its runner scores real runs."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import tools  # noqa: F401  (registers every tool)
from evals import e2e_eval
from evals.e2e_checks import CHECKS
from evals.e2e_eval import DATASET, HELDOUT, load_cases, main
from evals.forecast_backtest import DEMO_SNAPSHOT
from tests.conftest import SNAPSHOT
from tools.registry import REGISTRY

DEPARTMENTS = {"sales", "marketing", "operations", "support", "analytics", "research"}


@pytest.fixture
def seeded_once(demo_sqlite_template: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``main`` starts from a copy of the session's demo database instead of migrating and
    seeding its own: the same migrations and demo at the same snapshot (the day the eval's
    template uses), and seeding is most of a one-case run. ``make test`` runs the command
    with its own template."""
    assert DEMO_SNAPSHOT == SNAPSHOT  # the copy is the demo main would build

    def copy(path: Path) -> Path:
        shutil.copyfile(demo_sqlite_template, path)
        return path

    monkeypatch.setattr(e2e_eval, "build_template", copy)


def tool_names(case: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for spec in case.get("tools", ()):
        names |= set(spec["name"] if isinstance(spec["name"], list) else [spec["name"]])
    names |= {p["tool"] for p in case.get("policy", ())}
    names |= set(case.get("must_not", {}).get("tools", ()))
    return names


@pytest.mark.parametrize("path", [DATASET, HELDOUT], ids=["tuned", "heldout"])
def test_every_case_is_well_formed(path: Path) -> None:
    cases = load_cases(path)
    assert len({c["id"] for c in cases}) == len(cases)
    for case in cases:
        assert set(case) <= {
            "id",
            "department",
            "kind",
            "language",
            "text",
            "departments_ok",
        } | set(CHECKS), case["id"]
        assert set(case["departments"]) | set(case.get("departments_ok", ())) <= DEPARTMENTS
        assert case["language"] in {"en", "es", "fr", "de"}
        assert tool_names(case) <= set(REGISTRY), case["id"]
        assert {p["outcome"] for p in case.get("policy", ())} <= {
            "allowed",
            "require_approval",
            "denied",
        }
        assert set(case.get("must_not", {})) <= {"pending", "outbox", "tools"}


def test_the_held_out_set_has_the_size_and_mix_the_issue_asks_for() -> None:
    cases = load_cases(HELDOUT)
    per_department = Counter(c["department"] for c in cases)
    assert len(cases) >= 150
    assert all(per_department[d] >= 25 for d in DEPARTMENTS)
    assert per_department["multi"] >= 10
    assert sum(len(c["departments"]) > 1 for c in cases) >= 9
    assert sum(c["language"] != "en" for c in cases) >= 15
    assert sum(c["kind"] == "negated" for c in cases) >= 20


@pytest.mark.usefixtures("seeded_once")
def test_a_case_that_does_what_it_should_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--only", "t-sup-1", "--min-pass", "1.0"]) == 0
    out = capsys.readouterr().out
    assert "E2E tuned set" in out
    assert "1 cases  all checks pass 1/1 = 1.000" in out


@pytest.mark.usefixtures("seeded_once")
def test_a_failed_check_is_named_and_fails_the_floor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [case] = [c for c in load_cases(DATASET) if c["id"] == "t-sup-1"]
    case["facts"] = [["a figure no answer contains"]]
    case["departments"] = ["sales"]
    dataset = tmp_path / "one.jsonl"
    dataset.write_text(json.dumps(case) + "\n", encoding="utf-8")

    assert main(["--dataset", str(dataset), "--min-pass", "0.5", "--verbose"]) == 1
    out = capsys.readouterr().out
    assert "facts: answer lacks ['a figure no answer contains']" in out
    assert "departments: routed ['support'], expected ['sales']" in out
    assert "tools: missing" not in out  # the refund was still proposed with its order


def test_an_unreadable_dataset_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x"}\n', encoding="utf-8")
    assert main(["--dataset", str(broken)]) == 2
    assert main(["--dataset", str(tmp_path / "missing.jsonl")]) == 2


@pytest.mark.usefixtures("seeded_once")
def test_several_sets_run_in_one_process_each_against_its_own_floor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [case] = [c for c in load_cases(DATASET) if c["id"] == "t-sup-1"]
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_text(json.dumps(case) + "\n", encoding="utf-8")
    bad.write_text(json.dumps({**case, "facts": [["no answer says this"]]}) + "\n", "utf-8")

    argv = ["--dataset", str(good), "--min-pass", "1.0", "--dataset", str(bad)]
    assert main([*argv, "--min-pass", "0.5"]) == 1
    out = capsys.readouterr().out
    assert "good.jsonl: 1 cases  all checks pass 1/1 = 1.000" in out
    assert "bad.jsonl: 1 cases  all checks pass 0/1 = 0.000" in out
    assert (
        "FAIL: E2E tuned set" in out
        and "bad.jsonl: all checks pass 0.000, below its floor 0.5" in out
    )
    assert "good.jsonl: all checks pass" not in out  # only the set below its floor fails

    assert main([*argv, "--min-pass", "0.0"]) == 0  # each set at its own floor
    with pytest.raises(SystemExit) as error:  # three floors for two sets
        main([*argv, "--min-pass", "0.5", "--min-pass", "0.5"])
    assert error.value.code == 2
