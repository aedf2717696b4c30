"""A purpose, time or reason clause after an instruction is its situation, not its ask.

Issue 9, context that must stay context: "Project no-shows for the keynote so we know
whether the venue room is big enough" went to operations and "Research Acme Cloud
before I send them the sponsorship proposal" to sales: the classifier read the clause's
nouns as the request. The instruction before "so we", "before I", "because", "based on
their" says which department acts; the clause stays in the text the department reads.
"""

from __future__ import annotations

import pytest

from nodes.routing.plan import analyse_request
from nodes.routing.units import main_clause


@pytest.mark.parametrize(
    ("piece", "main"),
    [
        (
            "Estimate VIP demand so our caterer can plan the lounge",
            "Estimate VIP demand",
        ),
        (
            "Look up Initech's headcount before we send them the platinum deck",
            "Look up Initech's headcount",
        ),
        (
            "Draft a newsletter about parking because attendees keep asking support",
            "Draft a newsletter about parking",
        ),
        # a statement's "after" is part of what it states
        (
            "registrations slowed after the agenda went live",
            "registrations slowed after the agenda went live",
        ),
        # too little would be left to say what is asked
        ("Go before the venue closes", "Go before the venue closes"),
    ],
)
def test_the_main_clause_of_an_instruction(piece: str, main: str) -> None:
    assert main_clause(piece) == main


@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("Estimate VIP demand so our caterer can plan the lounge", "analytics"),
        ("Look up Initech's headcount before we send them the platinum deck", "research"),
        ("Draft a newsletter about parking because attendees keep asking support", "marketing"),
        ("Profile Echo Labs based on their latest LinkedIn posts", "research"),
    ],
)
def test_the_instruction_decides_the_department(text: str, department: str) -> None:
    analysis = analyse_request(text)
    assert analysis.agents == [department]
    assert analysis.clauses[0].text == text  # the department still reads the reason
