"""A question whether to act ("do we raise it with the organiser?") proposes no action.

A statement beside it is what the advice is asked about, as with "should we chase
them?" alone (``domain.question_mood``); a plain command beside it still acts.
"""

from __future__ import annotations

import pytest

from adapters.offline.planner import make_plan
from domain.question_mood import asks_for_information
from tests.unit.test_offline_picker import picker, request


@pytest.mark.parametrize(
    "text",
    [
        "Sales are way behind. Do we raise it with the organiser?",
        "Sales are way behind. Shall we escalate it to the organiser?",
        "Sales are way behind. Should we raise it with the organiser?",
    ],
)
def test_a_question_whether_to_act_proposes_no_action(text: str) -> None:
    assert asks_for_information(text)
    assert "escalate_issue" not in make_plan(picker("operations"), request(text)).steps


def test_a_command_beside_the_question_still_acts() -> None:
    text = "Ticket sales are way behind. Do we have to escalate? Escalate it now."
    assert not asks_for_information(text)
    assert "escalate_issue" in make_plan(picker("operations"), request(text)).steps
