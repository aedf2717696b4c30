"""Operations, analytics and research requests the offline path missed (round m).

Requests of my own, not from any eval set, one test per mechanism:
- two periods set side by side are both queried (the range covers them, split by period),
  and an answer with two groups names both and the change between them;
- a ranking with a count ("bottom 2 channels") still asks for the figure per group;
- a name written with other spacing ("Quill Feather", "porto dynamics" as one word) is found;
- a reminder with no record named does not fall back to the first deliverable;
- a question about a named vendor that no tool's wording fits gets the report that states
  it, and the answer states that vendor first;
- German object pronouns ("niemanden erinnern") withhold the action.
"""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.answers import CallOutcome, summarise_call
from adapters.offline.dates import compared_periods, date_range
from adapters.offline.derived_values import derived_values
from adapters.offline.entities import Catalog, Entity
from adapters.offline.enums import enum_value
from adapters.offline.planner import make_plan
from adapters.offline.providers import picks_by_state
from adapters.offline.request import Request
from domain.negation import withheld_actions
from tests.offline_pickers import department_picker

TODAY = date(2026, 9, 1)  # a Tuesday
GROUPS = ["channel", "day", "month", "ticket_type", "week"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("orders in june against may", None),  # "may" alone is a word, not a period
        ("cancellations: june compared to april", (date(2026, 4, 1), date(2026, 6, 30), "month")),
        ("¿hubo más pedidos en junio o en julio?", (date(2026, 6, 1), date(2026, 7, 31), "month")),
        (
            "traffic previous month vs the month prior",
            (date(2026, 7, 1), date(2026, 8, 31), "month"),
        ),
        ("orders this week or last", (date(2026, 8, 24), TODAY, "week")),
        ("Umsatz letzte Woche und Vorwoche", (date(2026, 8, 17), date(2026, 8, 30), "week")),
    ],
)
def test_two_periods_side_by_side_are_read_as_one_comparison(
    text: str, expected: tuple[date, date, str] | None
) -> None:
    assert compared_periods(text, TODAY) == expected


def test_a_day_of_a_month_is_not_a_period_to_compare() -> None:
    assert compared_periods("orders between June 3 and 5 July", TODAY) is None
    assert date_range("orders between June 3 and 5 July", TODAY) == (
        date(2026, 6, 3),
        date(2026, 7, 5),
    )


def test_a_comparison_queries_the_range_covering_both_periods() -> None:
    assert date_range("june compared to april", TODAY) == (date(2026, 4, 1), date(2026, 6, 30))


def test_a_ranking_with_a_count_still_splits_by_the_dimension() -> None:
    assert enum_value("group_by", GROUPS, "bottom 2 channels by orders") == "channel"
    assert enum_value("group_by", GROUPS, "which three ticket types sold least") == "ticket_type"


def test_two_period_rows_are_both_named_with_the_change() -> None:
    result = {
        "group_by": "month",
        "rows": [{"group": "2026-06", "value": 120.0}, {"group": "2026-07", "value": 95.5}],
    }
    values = derived_values("query_database", result)
    assert values["rows_two"] == "2026-06 (120), 2026-07 (95.5)"
    assert values["rows_change"] == "-24.5"


def test_two_groups_that_are_not_periods_get_no_change() -> None:
    result = {
        "group_by": "channel",
        "rows": [{"group": "email", "value": 10.0}, {"group": "paid", "value": 4.0}],
    }
    assert "rows_change" not in derived_values("query_database", result)


def _catalog() -> Catalog:
    entities = {
        "vendor": [
            Entity("vendor", 4, "Quillfeather", {"service": "printing"}),
            Entity("vendor", 7, "Tagus Kitchens Co", {"service": "catering"}),
        ],
        "company": [Entity("company", 21, "Porto Dynamics"), Entity("company", 22, "Porto Labs")],
    }
    return Catalog("t", "T", TODAY, 3, entities)


def _names(text: str, kind: str) -> list[str]:
    return [m.entity.name for m in _catalog().find(text, kind)]


def test_a_name_written_with_other_spacing_is_found() -> None:
    assert _names("has Quill Feather confirmed the booklets?", "vendor") == ["Quillfeather"]
    assert _names("background on portodynamics please", "company") == ["Porto Dynamics"]
    assert _names("the quill for the feather boa", "vendor") == []  # not side by side


def test_a_reminder_names_its_deliverable_through_the_data_or_not_at_all() -> None:
    assert picks_by_state("remind whoever owns the overdue task")
    assert picks_by_state("nudge the owner of the most urgent item")
    assert picks_by_state("recuérdale al responsable de la tarea atrasada")
    assert not picks_by_state("send Ines a reminder")
    assert not picks_by_state("give them a nudge")


def test_a_question_about_a_named_vendor_gets_the_report_that_states_it() -> None:
    picker = department_picker("operations")
    for text in (
        "is Tagus Kitchens all squared away on their end?",
        "did quillfeather ever get back to us? no need to chase them",
    ):
        plan = make_plan(picker, Request(text, _catalog(), TODAY))
        assert plan.steps == ["generate_status_report"], text
    unnamed = make_plan(picker, Request("are they all squared away?", _catalog(), TODAY))
    assert unnamed.steps == []


def test_the_answer_states_the_named_vendor_first() -> None:
    vendors = [
        {"vendor_id": 4, "name": "Quillfeather", "service": "printing", "status": "pending",
         "confirm_by": "2026-09-20", "contract_value": 9000.0},
        {"vendor_id": 7, "name": "Tagus Kitchens Co", "service": "catering",
         "status": "confirmed", "confirm_by": "2026-08-01", "contract_value": 12000.0},
    ]  # fmt: skip
    result = {"event_name": "Expo", "sections": {"vendors": {"vendors": vendors}}}
    call = CallOutcome("generate_status_report", {}, result)
    lines = summarise_call(call, "en", named={"vendor": [4]})
    assert lines[0] == "Quillfeather (printing): pending, confirm by 2026-09-20; contract $9,000."
    spanish = summarise_call(call, "es", named={"vendor": [7]})
    assert spanish[0].startswith("Tagus Kitchens Co (catering): confirmado, confirmar antes del")
    assert all("Quillfeather (" not in line for line in summarise_call(call, "en", named={}))


def test_german_object_pronouns_withhold_the_action() -> None:
    text = "Schau nach dem Caterer, aber bitte niemandem eine Mail schicken"
    assert withheld_actions(text) == {"send"}
    assert withheld_actions("erinnere bitte niemanden") == {"send"}
    assert withheld_actions("Niemand hat geantwortet, also erinnere sie") == frozenset()


def test_what_to_worry_about_asks_for_the_problems_ranked() -> None:
    from adapters.offline.question_kind import question_kinds
    from adapters.offline.text import normal

    assert "concerns" in question_kinds(normal("anything on the vendor side that should worry us?"))
    assert "concerns" in question_kinds(normal("¿Qué riesgos ves para el evento?"))
    assert "concerns" not in question_kinds(normal("how many tickets did we sell?"))
    plan = make_plan(
        department_picker("operations"), Request("what worries you most here?", None, TODAY)
    )
    assert plan.steps == ["generate_status_report"]


def test_each_item_of_a_pasted_list_gets_its_own_tool() -> None:
    agenda = "Weekly check-in points:\n* what is late\n* how the budget looks"
    plan = make_plan(department_picker("operations"), Request(agenda, None, TODAY))
    assert {"check_deliverables", "track_budget"} <= set(plan.steps)
    prose = make_plan(department_picker("operations"), Request("how the budget looks", None, TODAY))
    assert prose.steps == ["track_budget"]


def test_events_asked_about_as_upcoming_are_the_ones_ahead() -> None:
    from adapters.offline.argument_fill import fill_arguments

    picker = department_picker("research")
    tool = picker.tools["find_event_attendance"]
    upcoming = fill_arguments(
        tool, Request("which future summits are our accounts at?", None, TODAY)
    )
    assert upcoming.args.get("within_days") == 365
    stated = fill_arguments(tool, Request("events in the next 3 weeks", None, TODAY))
    assert stated.args.get("within_days") == 21
    assert "within_days" not in fill_arguments(tool, Request("which events", None, TODAY)).args


def test_one_test_of_a_question_bars_actions() -> None:
    picker = department_picker("operations")
    asked = make_plan(
        picker, Request("which vendors haven't confirmed their booking?", None, TODAY)
    )
    assert "send_reminder" not in asked.steps
    polite = make_plan(picker, Request("can you chase Quillfeather to confirm?", _catalog(), TODAY))
    assert polite.steps == ["send_reminder"]


def test_an_imperative_to_list_is_a_question() -> None:
    from domain.question_mood import asks_for_information

    assert asks_for_information("list the sessions that still have no moderator")
    assert asks_for_information("Enumera los proveedores sin confirmar")
    assert not asks_for_information("list the late tasks and nudge their owners")


def test_each_revenue_group_states_its_share_of_net_revenue() -> None:
    result = {
        "net_revenue": 800.0,
        "by_ticket_type": [{"ticket_type": "Gold", "net_revenue": 600.0, "tickets": 3}],
        "by_channel": [{"channel": "partner", "net_revenue": 200.0, "tickets": 1}],
    }
    lines = summarise_call(CallOutcome("analyze_revenue", {}, result), "en")
    assert "- Ticket type Gold: $600 net (75.0% of net revenue), 3 tickets." in lines
    assert "- Channel partner: $200 net (25.0% of net revenue), 1 tickets." in lines
    assert derived_values("analyze_revenue", {**result, "net_revenue": 0}) == {}
