"""Issue 9, pattern 2: an escalation's subject comes from the data, never a clipped fragment."""

from __future__ import annotations

from datetime import date

from adapters.offline.drafting import escalation_subject
from adapters.offline.entities import Catalog, Entity
from adapters.offline.request import Request

TODAY = date(2026, 9, 1)


def catalog() -> Catalog:
    return Catalog(
        "t",
        "Northwind Events",
        TODAY,
        1,
        {
            "event": [Entity("event", 1, "Northwind Summit 2026")],
            "deliverable": [Entity("deliverable", 7, "Confirm the AV contract")],
            "budget_line": [Entity("budget_line", 3, "Catering")],
        },
    )


def test_a_named_deliverable_titles_the_escalation() -> None:
    text = "escalate the Confirm the AV contract thing to the organiser, double-check first"
    subject = escalation_subject(Request(text, catalog(), TODAY))
    assert subject == 'Deliverable "Confirm the AV contract" needs the organiser\'s decision'
    assert "double-check" not in subject


def test_the_largest_overrun_found_earlier_titles_the_escalation() -> None:
    req = Request("we are bleeding money, escalate it, double-check first", catalog(), TODAY)
    req.results.append(
        ("track_budget", {"overruns": [{"category": "Venue", "variance_pct": 14.25}]})
    )
    assert escalation_subject(req) == 'Budget line "Venue" is 14.2% over plan'


def test_the_most_urgent_deliverable_found_earlier_titles_the_escalation() -> None:
    req = Request("escalate whatever is worst. double-check first", catalog(), TODAY)
    req.results.append(
        ("check_deliverables", {"deliverables": [{"title": "Print badges", "state": "due_soon"}]})
    )
    assert escalation_subject(req) == 'Deliverable "Print badges" is due soon'


def test_without_data_the_subject_is_a_well_formed_line_not_the_request() -> None:
    text = "double-check first. then escalate"
    subject = escalation_subject(Request(text, catalog(), TODAY))
    assert subject == "Operations issue for Northwind Summit 2026 needs the organiser's decision"
