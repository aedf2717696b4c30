"""A statement after an instruction tells the department what happened; it does not
decide which department acts.

Issue 9, context that must stay context: "Chase Harbor Catering; they quoted late and
mentioned a campaign discount" went to marketing and "Score the Blue Pay lead. Their
marketing team loved our newsletter." too: the statement was read together with the
instruction, and its nouns outweighed it. An instruction with an object of its own
keeps the classifier's reading on itself; the statement stays in the text the
department gets. Statements with a past or present verb the role reader did not know
("the buyer saw ...", "the post depends on ...") are statements too.
"""

from __future__ import annotations

import pytest

from nodes.routing.clause_roles import Role, role_of
from nodes.routing.clauses import split_stages
from nodes.routing.plan import analyse_request
from nodes.routing.units import join_units


@pytest.mark.parametrize(
    "piece",
    ["The buyer saw our Instagram ad twice", "The LinkedIn post depends on their photos"],
)
def test_statements_with_common_verbs_are_context(piece: str) -> None:
    assert role_of(piece) is Role.CONTEXT


def test_the_instruction_keeps_the_focus() -> None:
    units = join_units(
        split_stages("Score the Blue Pay lead. Their marketing team loved our newsletter.")
    )
    assert len(units) == 1
    assert units[0].focus == "Score the Blue Pay lead"
    assert units[0].text == "Score the Blue Pay lead, Their marketing team loved our newsletter"


@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("Chase Harbor Catering; they quoted late and mentioned a campaign discount", "operations"),
        ("Refund ORD-10877. The buyer saw our Instagram ad twice.", "support"),
        (
            "Remind PhotoLane about the shoot. The LinkedIn post depends on their photos.",
            "operations",
        ),
        ("Score the Blue Pay lead. Their marketing team loved our newsletter.", "sales"),
    ],
)
def test_a_trailing_statement_stays_context(text: str, department: str) -> None:
    assert analyse_request(text).agents == [department]


def test_a_statement_after_a_question_is_still_read_with_it() -> None:
    # no instruction to keep the focus: the statement says what the question is about
    units = join_units(split_stages("What should we do? The caterer cancelled."))
    assert units[0].focus == units[0].text


def test_a_statement_before_an_instruction_on_a_pronoun_is_read_with_it() -> None:
    # "it" is the deal the statement names: the statement says what is acted on
    units = join_units(split_stages("the Harbor Health deal fell through, mark it lost"))
    assert [(u.text, u.focus) for u in units] == [
        (
            "the Harbor Health deal fell through, mark it lost",
            "the Harbor Health deal fell through, mark it lost",
        )
    ]
    assert analyse_request("the Harbor Health deal fell through, mark it lost").agents == ["sales"]
