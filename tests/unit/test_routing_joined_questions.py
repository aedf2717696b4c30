"""A question of its own joined to another request stands on a weaker reading.

Issue 9, joined requests: "Refund ORD-10064 and how are we doing on the shuttle side?"
kept only the refund: the question names no department keyword and reads operations
under the bar for a clause standing alone, so it was folded into the refund. A question
that opens with its own question word is one of a list of steps, as an instruction
that opens with its own verb is.
"""

from __future__ import annotations

import pytest

from nodes.routing.clause_roles import opens_question
from nodes.routing.plan import analyse_request


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        ("how are we doing on the shuttle side", True),
        ("what's left in the catering budget", True),
        ("Wie viele VIP-Tickets sind noch übrig", True),
        ("¿Cuántas entradas se vendieron ayer?", True),
        ("refund the order", False),
        ("the shuttle side", False),
    ],
)
def test_a_question_word_opens_a_question(piece: str, expected: bool) -> None:
    assert opens_question(piece) is expected


def test_a_weakly_read_question_after_and_keeps_its_department() -> None:
    text = "Refund ORD-10064 and how are we doing on the shuttle side?"
    assert analyse_request(text).agents == ["support", "operations"]


def test_a_question_that_points_back_with_a_pronoun_needs_the_full_bar() -> None:
    # "they" is the request's company: a question about it, not a step of its own
    text = "Score the Flux Labs lead, and how big are they?"
    assert analyse_request(text).agents == ["sales"]


def test_a_question_about_the_request_before_in_german_is_its_complement() -> None:
    # "dafür" points back at the budget lines, as "for them" would
    text = "Welche Budgetposten sind überschritten und wer ist dafür verantwortlich?"
    assert analyse_request(text).agents == ["operations"]
