"""General fixes found with end-to-end dev set V (analytics, negated and chatty requests),
each pinned by requests of my own.

None of these requests is in an eval set or the router's training file.

1. Small talk is no department's step: praise for the assistant ("you're a legend"),
   remarks on the day or the weather ("what a week", "gorgeous weather"), "keep it brief",
   repeated greetings ("hey hey"), and pleasantries longer than four words ("sorry to be
   a pain") are asides.
2. A department reads the request without its asides, the rest verbatim: a period named
   in the small talk ("thanks for last week's help") is not the period of the question.
3. A month named as the subject, with no preposition ("what did July bring in"), is the
   period asked about, when it has begun; a bound ("by July") or a month ahead is not.
"""

from __future__ import annotations

from datetime import date

import pytest

from adapters.offline.dates import date_range
from nodes.routing.clause_roles import Role, role_of
from nodes.routing.plan import analyse_request
from nodes.routing.units import without_pleasantries

TODAY = date(2026, 9, 1)


@pytest.mark.parametrize(
    "piece",
    [
        "you're a legend",
        "much appreciated",
        "what a week it has been",
        "gorgeous weather out there today",
        "keep it brief",
        "hey hey",
        "sorry to be a pain about this",
        "happy friday everyone",
        "vaya semana llevo",
        "du bist ein Schatz",
    ],
)
def test_small_talk_is_an_aside(piece: str) -> None:
    assert role_of(piece) is Role.ASIDE


@pytest.mark.parametrize(
    "piece",
    [
        "keep the budget line for catering open",
        "what was the week's revenue",
        "check the weather contingency deliverable",
    ],
)
def test_requests_near_small_talk_words_stay_requests(piece: str) -> None:
    assert role_of(piece) is not Role.ASIDE


def test_a_department_reads_the_request_without_its_small_talk() -> None:
    text = "Thanks heaps for last week's help! What did refunds cost us in July? You're a legend"
    assert without_pleasantries(text) == "What did refunds cost us in July?"
    (clause,) = analyse_request(text).clauses
    assert "last week" not in clause.text
    assert clause.department == "analytics"


def test_small_talk_removal_keeps_restrictions_and_punctuation() -> None:
    text = "What a week! Look up ORD-10463 for me, but don't refund it. Cheers"
    assert without_pleasantries(text) == "Look up ORD-10463 for me, but don't refund it."


def test_only_small_talk_is_kept_whole() -> None:
    assert without_pleasantries("Thanks so much, have a lovely weekend!") == (
        "Thanks so much, have a lovely weekend!"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what did July bring in for ticket revenue?", (date(2026, 7, 1), date(2026, 7, 31))),
        ("June's refunds, please", (date(2026, 6, 1), date(2026, 6, 30))),
        ("which deliverables are due by September", (None, None)),
        ("how are the October summit numbers looking", (None, None)),
        ("did July beat June on tickets", (date(2026, 6, 1), date(2026, 7, 31))),
    ],
)
def test_a_month_named_as_the_subject_is_the_period(
    text: str, expected: tuple[date | None, date | None]
) -> None:
    assert date_range(text, TODAY) == expected
