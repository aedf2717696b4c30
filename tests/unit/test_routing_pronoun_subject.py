"""Issue 9 (dev_e2e_aa): a question whose subject is a pronoun asks about what the
context before it named, so the router reads it with that context ("a buyer says he
never got the tickets for ORD-10402. Where were they sent?")."""

from __future__ import annotations

import pytest

from nodes.routing import route
from nodes.routing.clause_roles import asks_about_what_came_before


@pytest.mark.parametrize(
    "piece",
    ["Where were they sent?", "What did she pay?", "Qu'est-ce qu'elle doit livrer ?"],
)
def test_a_question_about_a_pronoun_points_back(piece: str) -> None:
    assert asks_about_what_came_before(piece)


@pytest.mark.parametrize(
    "piece", ["Which vendors are pending?", "Send them a reminder", "How many did we sell?"]
)
def test_a_question_with_its_own_subject_does_not(piece: str) -> None:
    assert not asks_about_what_came_before(piece)


def test_the_pronoun_question_is_routed_with_its_context() -> None:
    text = "The Agenda launch newsletter went out last week. How many opens did it get?"
    assert route(text)["agents"] == ["marketing"]
