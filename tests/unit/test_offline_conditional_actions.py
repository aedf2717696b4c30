"""An action asked for only on a condition is not proposed blindly (issue 9, pattern 2).

"check ticket sales pace and escalate if we're way behind" proposed an escalation at
once; the pace was 12.6% behind (severity medium), so nothing should be escalated and
the answer should say so.
"""

from __future__ import annotations

import pytest

from adapters.offline.answers import condition_not_met
from adapters.offline.conditions import (
    check_for,
    condition_holds,
    conditional_tools,
    severity_of,
)

BOUND = {"check_deliverables", "monitor_ticket_sales", "track_budget", "generate_status_report"}


@pytest.mark.parametrize(
    ("text", "tools"),
    [
        ("escalate if we're way behind on ticket sales", {"escalate_issue"}),
        ("remind the owners only if something is overdue", {"send_reminder"}),
        ("eskaliere das, falls das Budget überschritten ist", {"escalate_issue"}),
        ("escalate the Final AV run sheet delay", set()),
        ("remind Marcus about the badge printing", set()),
    ],
)
def test_which_actions_wait_for_a_condition(text: str, tools: set[str]) -> None:
    assert conditional_tools(text) == tools


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("escalate if ticket sales are way behind", "monitor_ticket_sales"),
        ("escalate if the budget is over plan", "track_budget"),
        ("remind people if tasks are late", "check_deliverables"),
        ("escalate if anything looks bad", "generate_status_report"),
    ],
)
def test_the_check_the_condition_is_about(text: str, check: str) -> None:
    assert check_for(text, BOUND) == check


def test_only_a_serious_finding_meets_the_condition() -> None:
    results = [("monitor_ticket_sales", {"severity": "medium"})]
    assert condition_holds(results, "monitor_ticket_sales") == (False, "medium")
    results.append(("monitor_ticket_sales", {"severity": "critical"}))
    assert condition_holds(results, "monitor_ticket_sales") == (True, "critical")
    assert severity_of({"critical_count": 1}) == "critical"
    assert condition_holds([], "track_budget") == (False, None)


def test_the_answer_says_what_was_not_done_and_why() -> None:
    line = condition_not_met("escalate_issue", "medium")
    assert line.startswith("Not proposed: escalate issue.")
    assert "graded things medium" in line


def test_a_condition_on_a_vendor_is_read_on_its_budget_line() -> None:
    """ "Nudge the caterer if we're over": catering's line decides, not the worst line."""
    budget = {
        "severity": "critical",
        "lines": [
            {"category": "Venue & AV", "severity": "critical"},
            {"category": "Catering", "severity": "low"},
        ],
    }
    results = [("track_budget", budget)]
    assert condition_holds(results, "track_budget", ["catering"]) == (False, "low")
    assert condition_holds(results, "track_budget", ["av"]) == (True, "critical")
    assert condition_holds(results, "track_budget") == (True, "critical")
    assert condition_holds(results, "track_budget", ["livestream"]) == (True, "critical")
