"""Issue 9: a launch request that spells its steps gives the audience step to analytics
(seed 000 analyses the target audience first), however briefly it is worded."""

from __future__ import annotations

import pytest

from nodes.routing import plan_from_request
from nodes.routing.launch import mentions_launch


@pytest.mark.parametrize(
    "text",
    [
        "We're launching the conference in the spring. First figure out who's attending, "
        "then look for sponsors, and after that start the campaign",
        "Conference launch checklist: study our audience, then find sponsors, then get the "
        "campaign going",
    ],
)
def test_the_audience_step_of_a_launch_is_analytics(text: str) -> None:
    departments = [clause.department for clause in plan_from_request(text)]
    assert departments[0] == "analytics"
    assert {"sales", "marketing"} <= set(departments)


def test_a_summit_launch_is_a_launch() -> None:
    assert mentions_launch("time to plan the summit launch")


def test_an_audience_question_outside_a_launch_keeps_its_department() -> None:
    clauses = plan_from_request("segment our audience by industry for the newsletter")
    assert [c.department for c in clauses] == ["marketing"]
