"""`switchboard route TEXT` and `switchboard route --jsonl FILE` (offline router)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from switchboard.cli.main import app

runner = CliRunner()


def test_route_text_prints_agents_confidence_and_llm_calls() -> None:
    result = runner.invoke(app, ["route", "Check the budget and answer the refund emails"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert list(payload) == ["agents", "confidence", "llm_calls"]
    assert payload["agents"] == ["operations", "support"]
    assert 0.6 <= payload["confidence"] <= 1.0
    assert payload["llm_calls"] == 0


def test_route_jsonl_writes_one_line_per_request(tmp_path: Path) -> None:
    path = tmp_path / "requests.jsonl"
    path.write_text(
        '{"text": "resend my ticket"}\n\n{"text": "Coordinate the event launch", "id": 7}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["route", "--jsonl", str(path)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["text"] for line in lines] == ["resend my ticket", "Coordinate the event launch"]
    assert lines[0]["agents"] == ["support"]
    assert lines[1] == {
        "text": "Coordinate the event launch",
        "agents": ["analytics", "sales", "marketing", "operations", "support"],
        "confidence": 1.0,
        "llm_calls": 0,
    }


def test_route_jsonl_reads_stdin() -> None:
    result = runner.invoke(app, ["route", "--jsonl", "-"], input='{"text": "forecast revenue"}\n')
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["agents"] == ["analytics"]


def test_a_line_that_is_not_json_names_its_number(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "resend my ticket"}\n{text: oops}\n', encoding="utf-8")
    result = runner.invoke(app, ["route", "--jsonl", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""  # nothing is routed before the file is known to be good
    assert result.stderr.strip().startswith("--jsonl line 2: not valid JSON")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_line_without_text_names_its_number(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok"}\n{"text": ""}\n', encoding="utf-8")
    result = runner.invoke(app, ["route", "--jsonl", str(path)])
    assert result.exit_code == 2
    assert '--jsonl line 2: expected an object with a non-empty "text"' in result.stderr


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["route", "--jsonl", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"--jsonl: no such file: {tmp_path / 'nope.jsonl'}"


def test_text_or_jsonl_but_not_both_nor_neither(tmp_path: Path) -> None:
    neither = runner.invoke(app, ["route"])
    both = runner.invoke(app, ["route", "hi", "--jsonl", str(tmp_path / "x.jsonl")])
    empty = runner.invoke(app, ["route", "  "])
    for result in (neither, both):
        assert result.exit_code == 2
        assert "give either a request TEXT or --jsonl FILE" in result.stderr
    assert empty.exit_code == 2
    assert "empty" in empty.stderr
