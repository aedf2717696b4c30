"""A word that adds an errand ("also", "plus", "separately", "además") starts a new item.

Issue 9, joined requests: a statement of a problem next to a request ("a guest was
charged twice for her pass. Also, which sponsors are still in proposal?") was read as
the request's context, so the problem's department was dropped. A statement stays
context of the request beside it unless a connective separates the two.
"""

from __future__ import annotations

import pytest

from nodes.routing.clauses import split_stages
from nodes.routing.plan import analyse_request
from nodes.routing.units import join_units


def test_an_added_stage_is_marked_and_a_plain_sentence_is_not() -> None:
    stages = split_stages("The shuttle broke down. Plus, draft a teaser; email the venue")
    assert [(s.text, s.added) for s in stages] == [
        ("The shuttle broke down", False),
        ("draft a teaser", True),
        ("email the venue", False),
    ]
    inner = split_stages("refund the order and also tweet the agenda")
    assert [(s.text, s.added) for s in inner] == [
        ("refund the order", False),
        ("tweet the agenda", True),
    ]


def test_a_statement_before_also_is_an_item_of_its_own() -> None:
    text = "A guest was charged twice for her pass. Also, which sponsors are in proposal?"
    units = join_units(split_stages(text))
    assert [u.text for u in units] == [
        "A guest was charged twice for her pass",
        "which sponsors are in proposal",
    ]


@pytest.mark.parametrize(
    ("text", "departments"),
    [
        (
            "A guest was charged twice for her workshop pass. Also, which sponsors are "
            "still in proposal?",
            ["support", "sales"],
        ),
        (
            "The photographer cancelled on us. Plus, draft a newsletter about the closing party.",
            ["operations", "marketing"],
        ),
        (
            "How many VIP passes are left? Also the caterer still hasn't sent the invoice.",
            ["analytics", "operations"],
        ),
        (
            "Un asistente no recibió su entrada. Además, prepara una propuesta para Nova Bio.",
            ["support", "sales"],
        ),
    ],
)
def test_a_problem_stated_beside_an_added_request_keeps_its_department(
    text: str, departments: list[str]
) -> None:
    assert analyse_request(text).agents == departments


@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("Refund ORD-10501; the buyer says the newsletter listed the wrong date.", "support"),
        ("The venue raised its price, so check how that hits the Venue & AV line.", "operations"),
    ],
)
def test_a_statement_without_a_connective_stays_context(text: str, department: str) -> None:
    assert analyse_request(text).agents == [department]


def test_a_unit_opened_by_also_is_marked_added() -> None:
    units = join_units(split_stages("Refund ORD-10064. Also, how are we doing on the shuttle side"))
    assert [(u.text, u.added) for u in units] == [
        ("Refund ORD-10064", False),
        ("how are we doing on the shuttle side", True),
    ]


def test_an_added_item_stands_on_the_weaker_reading_a_sequenced_one_does() -> None:
    # the shuttle question reads operations at under 0.5 and names no keyword: after
    # "also" it is a step of its own, as it would be after "then"
    text = "Refund ORD-10064. Also, how are we doing on the shuttle side"
    assert analyse_request(text).agents == ["support", "operations"]
    assert analyse_request(text.replace("Also,", "Then")).agents == ["support", "operations"]
