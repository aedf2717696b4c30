"""Asking for "the analytics report" wants the report tool, not the daily-insights routine.

The routine runs four analyses and asks other departments for actions; the report tool
writes the document the request names. Requests of my own, not from any eval set.
"""

from __future__ import annotations

import pytest

from nodes.playbooks.catalog import match_playbook


@pytest.mark.parametrize(
    "text",
    ["can you pull together an analytics report for the board", "analytics report pls"],
)
def test_naming_the_report_does_not_start_the_routine(text: str) -> None:
    assert match_playbook("analytics", text) is None


def test_asking_for_insights_still_starts_it() -> None:
    assert match_playbook("analytics", "send me today's insights") == "daily_insights"
