"""Issue 9 (dev_e2e_aa): a status report's issue lines read in the reply's language; the
tool result keeps its English summaries."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.offline.answers import CallOutcome, final_answer
from domain.operations.issue_lines import issue_line

REPORT: dict[str, Any] = {
    "event_name": "Expo",
    "week_ending": "2026-05-01",
    "overall_severity": "high",
    "issue_counts": {"critical": 0, "high": 2, "medium": 0},
    "issues": [
        {
            "severity": "high",
            "summary": "'Stage plan' (Ana Ruiz) is 3 day(s) overdue",
            "action": "remind",
            "line": {
                "kind": "overdue",
                "values": {"title": "Stage plan", "owner": "Ana Ruiz", "days": 3},
            },
        },
        {
            "severity": "high",
            "summary": "Food: +12.5% vs plan (+20.0% with commitments)",
            "action": "escalate",
            "line": {
                "kind": "budget_line",
                "values": {"category": "Food", "variance": 12.5, "committed": 20.0},
            },
        },
    ],
}


def test_the_english_line_is_the_summary_the_result_keeps() -> None:
    values = {"category": "Food", "variance": 12.5, "committed": 20.0}
    assert issue_line("budget_line", values) == "Food: +12.5% vs plan (+20.0% with commitments)"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("de", ["„Stage plan“ (Ana Ruiz) ist 3 Tag(e) überfällig", "+12,5 % gegenüber dem Plan"]),
        ("es", ["lleva 3 día(s) de retraso", "+12,5 % respecto a lo previsto"]),
        ("fr", ["a 3 jour(s) de retard", "+20,0 % avec les engagements"]),
    ],
)
def test_a_reply_in_another_language_reads_its_issue_lines(language: str, words: list[str]) -> None:
    text = final_answer([CallOutcome("generate_status_report", {}, REPORT)], language=language)
    assert all(word in text for word in words), text
    assert "overdue" not in text and "vs plan" not in text
