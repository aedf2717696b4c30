"""A statement's further verb ("... and asked about refunds") is no request of its own.

Issue 9, context that must stay context: "Score the Globex lead; they came to last
year's summit and asked about refunds then" went to sales and support: the words after
"and" were cut off and read as a request because they run to three words. No
instruction opens with a past tense, so they go on with the statement before them.
"""

from __future__ import annotations

import pytest

from nodes.routing.clause_roles import continues_statement
from nodes.routing.clauses import split_stages
from nodes.routing.plan import analyse_request
from nodes.routing.units import join_units


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        ("asked about refunds for their team", True),
        ("complained on Instagram", True),
        ("hired a new CMO", True),
        ("proceed with the gold proposal", False),
        ("refund the order", False),
        ("need a refund", False),
    ],
)
def test_a_past_tense_opening_continues_a_statement(piece: str, expected: bool) -> None:
    assert continues_statement(piece) is expected


def test_the_further_verb_joins_its_statement_as_one_context() -> None:
    text = "Qualify Nova Bio; they visited our booth and asked about refunds for their team"
    units = join_units(split_stages(text))
    assert [u.text for u in units] == [
        "Qualify Nova Bio, they visited our booth and asked about refunds for their team"
    ]


@pytest.mark.parametrize(
    ("text", "department"),
    [
        (
            "Qualify Nova Bio; they visited our booth last year and asked about refunds "
            "for their team",
            "sales",
        ),
        ("Refund ORD-10877, the buyer missed the shuttle and complained on Instagram", "support"),
        ("Answer the attendee; she lost her badge and asked our sponsors for help", "support"),
    ],
)
def test_a_statement_with_two_verbs_stays_context(text: str, department: str) -> None:
    assert analyse_request(text).agents == [department]


def test_a_request_after_a_connective_is_still_its_own() -> None:
    text = "Someone paid twice for ORD-12003 and wanted a refund. Also forecast VIP demand"
    assert analyse_request(text).agents == ["support", "analytics"]
