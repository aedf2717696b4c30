"""Issue 9 (dev_e2e_q): every part of a request that asks for something gets its own
step, so a second question or an action beside a question is not dropped."""

from __future__ import annotations

import time
from datetime import date

import tools  # noqa: F401  (registers every tool)
from adapters.offline.entities import Catalog, Entity
from adapters.offline.planner import make_plan
from adapters.offline.request import Request
from adapters.offline.request_parts import only_asks, request_parts
from tests.offline_pickers import department_picker

TODAY = date(2026, 9, 1)
CATALOG = Catalog(
    "t",
    "Tenant",
    TODAY,
    None,
    {
        "budget_line": [Entity("budget_line", 6, "Staff & volunteers")],
        "deliverable": [Entity("deliverable", 14, "Configure badge printing")],
    },
)


def test_a_question_after_and_is_a_part_of_its_own() -> None:
    parts = request_parts(
        "How much is left for Staff & volunteers, and when is badge printing due?"
    )
    assert parts == ["How much is left for Staff & volunteers", "when is badge printing due?"]


def test_an_instruction_after_a_dash_is_a_part_of_its_own() -> None:
    parts = request_parts("Resend the tickets for ORD-11203 - which ticket type did they buy?")
    assert parts == ["Resend the tickets for ORD-11203", "which ticket type did they buy?"]


def test_names_joined_by_and_and_a_leading_adverbial_stay_whole() -> None:
    assert request_parts("compare the open rates of the newsletter and the LinkedIn push") == []
    assert request_parts("Since July, how many refunds have we had?") == []


def test_context_and_conditions_are_no_parts() -> None:
    # "If not, ..." is the planner's conditional action; "Keira is furious" is context.
    assert request_parts("Is StreamHouse confirmed? If not, chase them.") == []
    assert request_parts("Marcus is away this week. How late is the AV run sheet?") == []


def test_a_condition_cut_off_at_a_comma_leaves_the_request_whole() -> None:
    # The comma after "If fewer than 50" or before "unless" would leave the action a
    # plain step, taken regardless of its condition.
    assert (
        request_parts(
            "How many tickets are left? If fewer than 50, send the reminder to the vendors."
        )
        == []
    )
    assert request_parts("What did ORD-10402 pay, and unless it was a comp, refund it.") == []


def test_a_long_run_of_leading_words_splits_in_linear_time() -> None:
    started = time.perf_counter()
    request_parts("also and " * 2222)
    assert time.perf_counter() - started < 1.0


def test_a_question_part_is_told_from_an_instruction_part() -> None:
    assert only_asks("is it still not in?")
    assert only_asks("wie viel hat sie bezahlt?")
    assert not only_asks("can you refund it?")
    assert not only_asks("tell me what is left")


def test_each_part_of_a_two_question_request_gets_its_tool() -> None:
    picker = department_picker("operations")
    req = Request(
        "What's left for Staff & volunteers? Also when was badge printing due?",
        CATALOG,
        TODAY,
    )
    steps = make_plan(picker, req).steps
    assert "track_budget" in steps and "check_deliverables" in steps


def test_a_question_part_naming_nothing_reads_the_record_the_request_names() -> None:
    picker = department_picker("support")
    req = Request("Escalate ORD-10325 to a person, and what did Keira pay?", CATALOG, TODAY)
    steps = make_plan(picker, req).steps
    assert "lookup_ticket" in steps
    assert "escalate_to_human" in steps


def test_a_question_part_gets_no_action() -> None:
    picker = department_picker("operations")
    req = Request("ugh the badge printing still isn't done is it? how late is it", CATALOG, TODAY)
    assert "send_reminder" not in make_plan(picker, req).steps
