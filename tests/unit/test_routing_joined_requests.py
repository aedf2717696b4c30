"""Requests for two departments joined without a verb, and conditions that are no request.

Issue 9, pattern 5 (keyword misroutes): "a forecast and the status of the overdue tasks"
went to operations alone because the words after "and" do not start with a verb; "X +
Y" was read as one request; "Draft only, don't send" was routed to a department of its
own; a German reminder and "by ticket type" figures missed their departments' keywords.
"""

from __future__ import annotations

import pytest

from nodes.routing.clauses import split_stages, weak_pieces
from nodes.routing.plan import analyse_request


@pytest.mark.parametrize(
    ("text", "departments"),
    [
        ("run the daily ops check and the daily insights", ["operations", "analytics"]),
        (
            "Bitte eine Prognose der Teilnehmerzahl und den Stand der überfälligen Aufgaben",
            ["analytics", "operations"],
        ),
        ("revenue by channel + the weekly ops status report", ["analytics", "operations"]),
    ],
)
def test_two_businesses_joined_by_and_or_plus_go_to_both(text: str, departments: list[str]) -> None:
    assert analyse_request(text).agents == departments


def test_one_department_s_nouns_joined_by_and_stay_one_request() -> None:
    text = "research Acme's buying signals and sponsorship history"
    assert analyse_request(text).agents == ["research"]
    assert weak_pieces(text, lambda left, right: False) == [text]


def test_a_plus_between_requests_is_an_independent_stage() -> None:
    stages = split_stages("revenue by channel + the weekly ops status report")
    assert [s.text for s in stages] == ["revenue by channel", "the weekly ops status report"]
    assert not any(s.dependent for s in stages)
    assert [s.text for s in split_stages("Venue & AV budget")] == ["Venue & AV budget"]


def test_a_condition_clause_stays_with_the_request_it_limits() -> None:
    text = (
        "Analyse ticket sales, then draft a campaign email for the last seats. "
        "Draft only, don't send."
    )
    analysis = analyse_request(text)
    assert analysis.agents == ["analytics", "marketing"]
    assert "don't send" in analysis.clauses[-1].text


@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("Erinnere StreamHouse bitte daran, ihre Buchung zu bestätigen.", "operations"),
        ("tickets sold by ticket type", "analytics"),
        ("¿Cuántas entradas hemos vendido por tipo de entrada?", "analytics"),
    ],
)
def test_keywords_of_reminders_and_breakdowns(text: str, department: str) -> None:
    assert analyse_request(text).agents == [department]


def test_a_french_reminder_to_owners_is_operations_and_a_prospect_follow_up_is_sales() -> None:
    text = "Vérifie les livrables en retard puis relance leurs responsables"
    assert analyse_request(text).agents == ["operations"]
    assert analyse_request("relance le prospect Globex").agents == ["sales"]
