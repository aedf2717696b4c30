"""Answers and writing from templates: every number comes from the data given."""

from __future__ import annotations

import pytest

from adapters.offline import writing_mode
from adapters.offline.answers import (
    CallOutcome,
    final_answer,
    missing_question,
    no_tool_answer,
    render_lines,
    summarise_call,
)
from adapters.offline.facts import flatten, format_value

LOOKUP = {
    "count": 1,
    "orders": [
        {
            "order_number": "ORD-10501",
            "status": "paid",
            "ticket_type": "Standard",
            "quantity": 1,
            "amount": 349.0,
            "buyer": {"name": "Maya Lindqvist"},
            "refund_eligibility": {"rule": "full", "refundable_now": 349.0, "explanation": "x"},
        }
    ],
}


def test_flatten_joins_keys_and_summarises_lists() -> None:
    values = flatten(
        {"company": {"name": "Acme"}, "tags": ["a", "b", "c"], "rates": {"open_rate": 0.1806}}
    )
    assert values["company_name"] == "Acme"
    assert values["tags"] == "a, b and c"
    assert values["tags_count"] == "3"
    assert values["tags_1"] == "b"
    assert values["rates_open_rate_pct"] == "18.1%"


def test_flatten_lists_of_records_by_label() -> None:
    values = flatten({"prospects": [{"name": "Nova Labs", "score": 90.4}, {"name": "Globex"}]})
    assert values["prospects_names"] == "Nova Labs and Globex"
    assert values["prospects"] == "- Nova Labs\n- Globex"
    assert values["prospects_0_score"] == "90.4"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1341276.0, "1,341,276"),
        (463.314, "463.31"),
        (90.4, "90.4"),
        (3796, "3796"),
        (True, "yes"),
        (None, ""),
    ],
)
def test_number_formatting(value: object, text: str) -> None:
    assert format_value(value) == text


def test_lines_with_unknown_placeholders_are_left_out() -> None:
    block = "Order $order_number.\nRefunded $$$amount.\nWinner: $winner."
    assert render_lines(block, {"order_number": "ORD-1", "amount": "20"}) == [
        "Order ORD-1.",
        "Refunded $20.",
    ]


def test_final_answer_quotes_the_results() -> None:
    answer = final_answer([CallOutcome("lookup_ticket", {"order_number": "ORD-10501"}, LOOKUP)])
    assert "Order ORD-10501: paid, 1 × Standard, $349, bought by Maya Lindqvist." in answer
    assert "Found 1 order(s)." in answer


def test_queued_failed_and_missing_are_reported() -> None:
    queued = CallOutcome(
        "process_refund",
        {"order_number": "ORD-10501"},
        {"status": "queued_for_approval", "tool": "process_refund"},
    )
    failed = CallOutcome(
        "lookup_ticket", {}, "error: lookup_ticket: argument 'email': not found", failed=True
    )
    answer = final_answer([failed, queued], missing=("send_email", ["to"]))
    lines = answer.splitlines()
    assert (
        lines[0]
        == "The lookup ticket step failed: error: lookup_ticket: argument 'email': not found"
    )
    assert lines[1] == "Process refund proposed (order_number=ORD-10501); not done yet."
    assert "queued for approval" not in answer  # the policy has not decided yet
    assert lines[2] == missing_question("send_email", ["to"])
    assert "who to email" in lines[2]
    assert lines[3].startswith("The approval policy decides each proposed action next")


def test_unknown_result_shape_falls_back_to_its_fields() -> None:
    answer = final_answer([CallOutcome("some_new_tool", {}, {"total": 4, "nested": {"x": 1}})])
    assert answer == "Some new tool: total 4."


def test_no_tool_answer_lists_capabilities() -> None:
    assert no_tool_answer(["lookup_ticket", "process_refund"]).endswith(
        "I can: lookup ticket and process refund."
    )


def test_writing_fills_the_offline_block(monkeypatch: pytest.MonkeyPatch) -> None:
    sections = {
        "system": "Write.",
        "offline": "Dear $contact_first_name,\n\n\n\n$company_name: $topics ($missing)",
    }
    monkeypatch.setattr(writing_mode, "template_sections", lambda name: sections)
    facts = {
        "contact": {"first_name": "Emma"},
        "company": {"name": "Acme"},
        "topics": ["AI", "data"],
    }
    assert (
        writing_mode.render_writing("intro", facts) == "Dear Emma,\n\nAcme: AI and data ($missing)"
    )


def test_writing_without_a_template_lists_the_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> dict[str, str]:
        raise FileNotFoundError(name)

    monkeypatch.setattr(writing_mode, "template_sections", missing)
    assert writing_mode.render_writing("nothing", {"count": 3, "name": "x"}) == "count: 3\nname: x"


def test_a_list_shown_in_part_says_how_many_more() -> None:
    """Issue 9, pattern 7: lists are complete or say "and N more"."""
    prospects = [{"name": f"Co {i}", "score": 90 - i, "industry": "SaaS"} for i in range(5)]
    call = CallOutcome(
        "search_sponsors", {}, {"matched": 12, "event_name": "Summit", "prospects": prospects}
    )
    lines = summarise_call(call)
    assert lines[0] == "12 prospects ranked for Summit."
    assert lines[1:6] == [f"{i + 1}. Co {i} (score {90 - i}, SaaS)" for i in range(5)]
    assert lines[-1] == "...and 7 more prospects."  # every prospect returned is listed
    complete = CallOutcome(
        "search_sponsors", {}, {"matched": 2, "event_name": "Summit", "prospects": prospects[:2]}
    )
    assert not any("more" in line for line in summarise_call(complete))


def test_figures_state_the_period_they_cover() -> None:
    """Issue 9, pattern 7: numbers come with the period of the tool result."""
    result = {
        "event": "Summit",
        "metric": "tickets_sold",
        "unit": "tickets",
        "total": 412,
        "date_from": "2026-08-01",
        "date_to": "2026-08-31",
        "rows": [],
        "row_count": 0,
    }
    [line] = summarise_call(CallOutcome("query_database", {}, result))
    assert (
        line
        == "Summit: tickets_sold = 412 tickets in total, from 2026-08-01 to 2026-08-31 (0 rows)."
    )
    open_ended = {**result, "date_from": None, "date_to": None}
    [line] = summarise_call(CallOutcome("query_database", {}, open_ended))
    assert "in total, all recorded to date (0 rows)" in line
