"""The embedding router on requests of my own: keyword traps, paraphrases, other languages.

Issue 9's pattern 5 ("sponsor", "tickets", "follow-up" inside another department's
request) and paraphrases that share no keyword with their department. None of these
requests is in the training file (checked below), so they test generalisation.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from nodes.routing import route
from nodes.routing.classifier import (
    EMBEDDING_WEIGHT,
    best,
    train,
    trained_classifier,
    training_examples,
)
from nodes.routing.text import normalise

KEYWORD_TRAPS = [
    ("the sponsor banners for the entrance have not been printed yet", "operations"),
    ("a sponsor emailed that their complimentary tickets never came through", "support"),
    ("follow-up on the catering invoice that is still unpaid", "operations"),
    ("write a follow-up post thanking everyone who came to the meetup", "marketing"),
    ("the ticket scanners at the doors still need a supplier", "operations"),
    ("how many tickets will we have sold by opening day", "analytics"),
]
PARAPHRASES = [
    ("dinero de vuelta por mi entrada por favor", "support"),
    ("Bitte sende mir mein Ticket noch einmal", "support"),
    ("quel sera le nombre final de participants", "analytics"),
    ("which ticket types are selling badly, what should we change", "analytics"),
]


def test_these_requests_are_not_training_examples() -> None:
    training = {normalise(text) for text, _ in training_examples()}
    for text, _ in KEYWORD_TRAPS + PARAPHRASES:
        assert normalise(text) not in training


@pytest.mark.parametrize(("text", "department"), KEYWORD_TRAPS)
def test_a_word_of_another_department_does_not_decide_the_route(text: str, department: str) -> None:
    assert route(text)["agents"] == [department]


@pytest.mark.parametrize(("text", "department"), PARAPHRASES)
def test_paraphrases_and_other_languages_reach_their_department(text: str, department: str) -> None:
    assert route(text)["agents"] == [department]


def test_the_embedding_moves_a_request_with_no_shared_ngram_toward_its_meaning() -> None:
    # Trained with and without the embedding block on the same file, the sentence model
    # raises the probability of the department a reworded request means.
    text = "I would like my money returned for the pass"
    with_meaning = trained_classifier().scores(text)
    without = train(embedding_weight=0.0).scores(text)
    assert EMBEDDING_WEIGHT > 0
    assert best(with_meaning)[0] == "support"
    assert with_meaning["support"] > without["support"]


def test_route_starts_without_scikit_learn_langchain_or_the_graph() -> None:
    probe = """
import json, sys
from switchboard.cli.main import app
try:
    app(["route", "refund my ticket"], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))
"""
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    loaded = set(json.loads(out.strip().splitlines()[-1]))
    heavy = {"sklearn", "langgraph", "langchain_core", "langchain", "fastapi", "sqlalchemy"}
    assert not loaded & (heavy | {"server", "graphs"}), sorted(loaded & heavy)
    assert '"support"' in out
