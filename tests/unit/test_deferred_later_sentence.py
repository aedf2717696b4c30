"""A later sentence's imperative does not lead the plan when its sentence defers or asks.

The condition of "If they don't pick up by Friday: escalate it" reaches past the colon
(and past a dash), so only a full stop or "!" ends its reach; a piece asked with "?"
("Escalate it to the organiser? Not sure yet.") asks whether to act, not to act.
"""

from __future__ import annotations

import pytest

from adapters.offline.planner import make_plan
from tests.unit.test_offline_picker import picker, request


@pytest.mark.parametrize(
    "text",
    [
        "Ticket sales are way behind. If they don't pick up by Friday: escalate it to the "
        "organiser.",
        "Ticket sales are way behind. Should they stay flat through Friday - escalate it to the "
        "organiser.",
        "Ticket sales are way behind. Escalate it to the organiser? Not sure yet.",
        "Ticket sales are way behind. Escalate it to the organiser?",
        "Ticket sales are way behind. Wenn es so bleibt: escalate it to the organiser.",
    ],
)
def test_a_deferred_or_asked_later_sentence_starts_no_action(text: str) -> None:
    plan = make_plan(picker("operations"), request(text))
    assert "escalate_issue" not in plan.steps


@pytest.mark.parametrize(
    "text",
    [
        "Ticket sales are way behind. Escalate it to the organiser.",
        "Ticket sales are way behind - escalate it to the organiser.",
    ],
)
def test_an_unconditional_later_imperative_still_leads(text: str) -> None:
    plan = make_plan(picker("operations"), request(text))
    assert plan.primary == "escalate_issue"
