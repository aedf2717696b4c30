"""A clause that rules something out, sets it aside or says what the request is not
about does not choose the department (``nodes.routing.ruled_out``).

The requests are my own, none from an eval set or the training file (checked below).
Before ``asked_part``, each went to the department it only rules out: the dash or
semicolon kept the ruled-out clause in what the classifier read whole.
"""

from __future__ import annotations

import pytest

from nodes.routing import route
from nodes.routing.classifier import training_examples
from nodes.routing.ruled_out import asked_part, drops
from nodes.routing.text import normalise

ROUTED = [
    ("never mind the Instagram post - how much money came in from tickets last week?", "analytics"),
    (
        "not asking for a refund myself, I only want the count of refunds issued since May",
        "analytics",
    ),
    ("ne touche pas à la newsletter ; dis-moi juste combien on a encaissé hier", "analytics"),
    ("olvida la campaña de momento; ¿cuántas entradas vendimos ayer?", "analytics"),
    ("this is not about your newsletter - my ticket QR code won't open", "support"),
    ("don't research anyone, just tell me which sponsor deals are close to signing", "sales"),
]


def test_none_of_these_requests_is_a_training_request() -> None:
    trained = {normalise(text) for text, _ in training_examples()}
    assert not {normalise(text) for text, _ in ROUTED} & trained


@pytest.mark.parametrize(("text", "department"), ROUTED)
def test_what_is_ruled_out_does_not_lead(text: str, department: str) -> None:
    assert route(text)["agents"] == [department]


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("forget the banners for now - who's paid?", "who's paid?"),
        ("leave the ads alone, I need the headcount", "I need the headcount"),
        ("es geht nicht um die Kampagne: wie viele Tickets?", "wie viele Tickets?"),
        ("don't send anything; just the totals please", "just the totals please"),
    ],
)
def test_the_asked_part_drops_ruled_out_clauses(text: str, asked: str) -> None:
    assert asked_part(text) == asked


@pytest.mark.parametrize(
    "text",
    [
        "no parking at the venue?",  # a question rules nothing out
        "I never got my ticket, can you resend it?",  # a statement of what did not happen
        "leave a note for the caterer, they close at six",  # "leave" without "alone"
        "don't",  # nothing would be left
    ],
)
def test_what_rules_nothing_out_is_kept(text: str) -> None:
    assert asked_part(text) == text


def test_a_long_request_is_read_quickly() -> None:
    text = "don't touch the campaign, " * 800 + "how many tickets?"
    assert asked_part(text) == "how many tickets?"
    assert not drops("x" * 20_000)


def test_a_ruled_out_action_that_was_just_asked_about_is_kept() -> None:
    text = "did anyone email the Orbit people yet? no need to send them anything"
    assert asked_part(text) == text


def test_a_dropped_clause_keeps_its_names() -> None:
    text = "don't ping Noor Hassan yet, just tell me what his firm's deal is worth"
    assert asked_part(text) == "Noor Hassan, just tell me what his firm's deal is worth"


def test_a_piece_that_also_asks_is_not_only_ruling_out() -> None:
    from nodes.routing.ruled_out import only_rules_out

    assert only_rules_out("no toques la campaña")
    assert not only_rules_out("no emails pls - just qualify Globex")


@pytest.mark.parametrize(
    ("text", "department"),
    [
        # the reviewer's: the negated subject is the problem asked about, not a subject
        # ruled out (both went to research, the reading of "what's going on?" alone)
        ("Not a single ticket sold for the gala since Monday - what's going on?", "analytics"),
        ("Not one sponsor replied this week - what's up?", "sales"),
    ],
)
def test_a_negated_subject_states_the_problem(text: str, department: str) -> None:
    assert asked_part(text) == text
    assert route(text)["agents"] == [department]


@pytest.mark.parametrize(
    "text",
    [
        "Not even one attendee checked in yet - is the scanner broken?",
        "None of the speakers has confirmed, what now?",
        "nobody replied to the invite - why?",
    ],
)
def test_what_did_not_happen_is_kept(text: str) -> None:
    assert asked_part(text) == text


def test_a_negated_thing_without_a_verb_is_still_dropped() -> None:
    assert asked_part("not a single reminder, just check who registered") == (
        "just check who registered"
    )
    assert asked_part("not a paid ads question - how many tickets sold?") == (
        "how many tickets sold?"
    )


@pytest.mark.parametrize(
    "clause",
    [
        "don't email Acme Corp, ",  # the reviewer's: each dropped clause keeps a name
        "no need to call Dana Whitfield; ",
    ],
)
def test_many_dropped_clauses_that_keep_names_are_read_quickly(clause: str) -> None:
    import time

    text = clause * 3000 + "how many tickets?"
    started = time.perf_counter()
    asked = asked_part(text)
    assert time.perf_counter() - started < 3.0  # the kept text was re-read for each clause
    assert asked.endswith("how many tickets?")
