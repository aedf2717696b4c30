"""Praise for something done ("Loved the newsletter!", "bravo pour la campagne !") is
small talk: what it praises is past work, no department's task (``clause_roles``).

The requests are my own, none from an eval set or the training file (checked below).
Before praise was read as a pleasantry, "Love the ..." read as an instruction and its
object added its department (marketing) to the request after it.
"""

from __future__ import annotations

import pytest

from nodes.routing import route
from nodes.routing.classifier import training_examples
from nodes.routing.text import normalise

ROUTED = [
    (
        "Loved the newsletter last week! quick question, can I move my ticket to a colleague?",
        "support",
    ),
    ("Great job on the Instagram reel! how many tickets went yesterday?", "analytics"),
    ("Me encantó el post de LinkedIn. ¿Dónde recojo mi acreditación el primer día?", "support"),
    ("Bravo pour la campagne ! Le traiteur a confirmé le menu ?", "operations"),
]


def test_none_of_these_requests_is_a_training_request() -> None:
    trained = {normalise(text) for text, _ in training_examples()}
    assert not {normalise(text) for text, _ in ROUTED} & trained


@pytest.mark.parametrize(("text", "department"), ROUTED)
def test_praise_adds_no_department(text: str, department: str) -> None:
    assert route(text)["agents"] == [department]


def test_praise_with_an_instruction_keeps_it() -> None:
    assert route("Love the lineup, now post it on LinkedIn")["agents"] == ["marketing"]
