"""A statement about someone new after a request is a further item, not its context.

Issue 9, joined requests: "check the vendors and someone was billed twice" kept only the
vendors (the double charge read as context of the request before it). A statement whose
subject brings someone new in ("someone", "an attendee", "alguien") after a request
states another problem; one that goes on about what the request named ("the buyer",
"they") stays its context, and so does a statement in a run of statements.
"""

from __future__ import annotations

import pytest

from nodes.routing.clause_roles import Role, introduces_new_situation, role_of
from nodes.routing.clauses import weak_pieces
from nodes.routing.plan import analyse_request


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        ("someone was charged twice for a VIP pass", True),
        ("an attendee says the registration page is down", True),
        ("alguien pagó dos veces su entrada", True),
        ("the buyer says the newsletter had the wrong date", False),
        ("they told us their budget doubled", False),
        ("an overview of the budget", False),  # no statement: a thing asked for
    ],
)
def test_a_statement_about_someone_new_is_recognised(piece: str, expected: bool) -> None:
    assert introduces_new_situation(piece) is expected


def test_and_before_a_new_situation_is_cut() -> None:
    text = "Forecast final attendance and a sponsor wants to upgrade to platinum"
    assert weak_pieces(text, new_situation=introduces_new_situation) == [
        "Forecast final attendance",
        "a sponsor wants to upgrade to platinum",
    ]
    assert weak_pieces(text) == [text]


@pytest.mark.parametrize(
    ("text", "departments"),
    [
        (
            "List the vendors that still owe us a contract and someone was charged twice "
            "for a VIP pass",
            ["operations", "support"],
        ),
        (
            "Forecast final attendance and a sponsor wants to upgrade to platinum",
            ["analytics", "sales"],
        ),
        (
            "Revisa el presupuesto del catering y alguien pagó dos veces su entrada",
            ["operations", "support"],
        ),
    ],
)
def test_a_new_situation_after_a_request_keeps_its_department(
    text: str, departments: list[str]
) -> None:
    assert analyse_request(text).agents == departments


@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("Refund ORD-12788, the buyer says the newsletter had the wrong date", "support"),
        ("Score the Echo Labs lead, they told us their budget doubled", "sales"),
        (
            "The badge printer jammed, and someone spilled coffee on the run sheet. "
            "Anyway: which deliverables are overdue?",
            "operations",
        ),
    ],
)
def test_a_statement_about_what_is_named_or_in_a_story_stays_context(
    text: str, department: str
) -> None:
    assert analyse_request(text).agents == [department]


def test_leaving_a_subject_aside_with_the_object_inside_is_a_dismissal() -> None:
    assert role_of("Set the Globex renewal aside") is Role.CONTEXT
    text = "Set the Globex renewal aside; a guest wants to know if the shuttle runs at night."
    assert analyse_request(text).agents == ["support"]
