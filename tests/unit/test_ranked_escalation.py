"""Issue 9, pattern 2: "escalate whatever is most overdue" acts on a record from the data.

A request that picks what to escalate by a ranking ("most overdue", "the biggest
overrun") instead of a name makes the offline model run the check that finds it first;
the escalation then names that record, takes its severity and describes it from the
check's result, never from the request's words.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from adapters.offline.argument_fill import fill_arguments
from adapters.offline.entities import Catalog, Entity
from adapters.offline.planner import make_plan
from adapters.offline.providers import picks_by_rank
from adapters.offline.request import Request

sys.path.insert(0, str(Path(__file__).parent))
from test_offline_picker import picker

TODAY = date(2026, 9, 1)
CHECKED = {
    "deliverables": [
        {
            "deliverable_id": 12,
            "title": "Sign the caterer",
            "owner_name": "Ana Ruiz",
            "due_on": date(2026, 8, 25),
            "state": "overdue",
            "days_overdue": 7,
            "severity": "critical",
            "recommended_action": "escalate",
        },
        {"deliverable_id": 3, "title": "Print badges", "recommended_action": "remind"},
    ]
}


def catalog() -> Catalog:
    return Catalog(
        "t",
        "Northwind Events",
        TODAY,
        1,
        {
            "event": [Entity("event", 1, "Northwind Summit 2026")],
            "deliverable": [Entity("deliverable", 7, "Confirm the AV contract")],
        },
    )


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("escalate the thing that is furthest behind, whatever it is", "check_deliverables"),
        ("escalate the most overdue task to the organiser", "check_deliverables"),
        ("escalate our largest budget overrun to the organiser", "track_budget"),
    ],
)
def test_a_ranked_escalation_runs_the_check_that_finds_its_record(text: str, check: str) -> None:
    plan = make_plan(picker("operations"), Request(text, catalog(), TODAY))
    assert plan.primary == "escalate_issue"
    assert plan.steps == [check, "escalate_issue"]


def test_a_named_record_needs_no_check_first() -> None:
    text = "escalate the Confirm the AV contract deliverable, it is the worst one"
    plan = make_plan(picker("operations"), Request(text, catalog(), TODAY))
    assert plan.steps == ["escalate_issue"]


def test_the_escalation_describes_the_record_the_check_found() -> None:
    text = "escalate whatever is most overdue and double-check with the team"
    req = Request(text, catalog(), TODAY)
    req.results.append(("check_deliverables", CHECKED))
    args = fill_arguments(picker("operations").tools["escalate_issue"], req).args

    assert args["deliverable_ids"] == [12]
    assert args["severity"] == "critical"
    assert "Sign the caterer" in args["details"] and "7 day(s) overdue" in args["details"]
    assert "double-check" not in args["details"] + args["subject"]


def test_without_a_check_the_details_are_the_users_words() -> None:
    text = "escalate the Confirm the AV contract deliverable: the venue needs it signed"
    args = fill_arguments(
        picker("operations").tools["escalate_issue"], Request(text, catalog(), TODAY)
    ).args
    assert args["details"] == text
    assert args["deliverable_ids"] == [7]


@pytest.mark.parametrize(
    ("text", "ranked"),
    [
        ("escalate whatever is most overdue", True),
        ("flag the biggest overrun", True),
        ("escalate the AV run sheet", False),
        ("as I requested, escalate the catering vendor", False),
    ],
)
def test_picks_by_rank(text: str, ranked: bool) -> None:
    assert picks_by_rank(text) is ranked
