"""The offline tool picker and argument filler on plain text (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from langchain_core.tools import StructuredTool
from langchain_core.utils.function_calling import convert_to_openai_tool

import tools  # noqa: F401  (registers every tool)
from adapters.offline.argument_fill import ToolInfo, fill_arguments
from adapters.offline.enums import enum_value, enum_values
from adapters.offline.planner import make_plan, next_call
from adapters.offline.request import Request
from adapters.offline.tool_picker import ToolPicker
from tools.registry import ToolSpec, tools_for

TODAY = date(2026, 9, 1)


def _info(spec: ToolSpec) -> ToolInfo:
    tool = StructuredTool.from_function(
        func=lambda **_: {},
        name=spec.name,
        description=spec.description,
        args_schema=spec.args_model,
    )
    return ToolInfo.from_openai(convert_to_openai_tool(tool))


def picker(department: str) -> ToolPicker:
    return ToolPicker([_info(spec) for spec in tools_for(department)])


def request(text: str) -> Request:
    return Request(text, None, TODAY)


@pytest.mark.parametrize(
    ("department", "text", "tool"),
    [
        ("support", "Refund order ORD-10501", "process_refund"),
        ("support", "refnd ORD-10510 pls", "process_refund"),
        ("support", "quiero un reembolso del pedido ORD-10502", "process_refund"),
        ("support", "What's your refund policy?", "search_knowledge_base"),
        ("support", "I never received my ticket for ORD-10502", "resend_ticket"),
        ("analytics", "How many tickets did we sell per week?", "query_database"),
        ("analytics", "Will we hit our attendance target?", "predict_attendance"),
        ("analytics", "anomolies in traffic?", "identify_anomalies"),
        ("operations", "Are we over budget anywhere?", "track_budget"),
        ("operations", "budjet status for the summit", "track_budget"),
        ("marketing", "When is the best time to send emails?", "optimize_timing"),
        ("sales", "busca patrocinadores potenciales", "search_sponsors"),
    ],
)
def test_picks_the_tool_the_request_names(department: str, text: str, tool: str) -> None:
    plan = make_plan(picker(department), request(text))
    assert plan.primary == tool


def test_a_refund_looks_the_order_up_first() -> None:
    plan = make_plan(picker("support"), request("Refund order ORD-10501"))
    assert plan.steps == ["lookup_ticket", "process_refund"]


def test_misspelt_words_are_corrected_to_tool_vocabulary() -> None:
    assert picker("support").correct("refnd my tiket pls") == "refund my ticket pls"


def test_no_tool_for_small_talk() -> None:
    plan = make_plan(picker("support"), request("hello, nice weather today"))
    assert plan.steps == []
    assert plan.primary is None


def test_two_intents_joined_by_and_are_planned_in_order() -> None:
    text = "search for sponsors and then draft a proposal for the top one"
    plan = make_plan(picker("sales"), request(text))
    assert plan.steps == ["search_sponsors", "generate_proposal"]


def test_later_call_takes_its_argument_from_an_earlier_result() -> None:
    sales = picker("sales")
    text = "search for sponsors and then draft a proposal for the top one"
    plan = make_plan(sales, request(text))
    prospects = {
        "prospects": [
            {"company_id": 9, "open_opportunity": None},
            {"company_id": 4, "open_opportunity": {"opportunity_id": 58}},
        ]
    }
    later = Request(text, None, TODAY, results=[("search_sponsors", prospects)])
    step = next_call(sales, plan, later, ["search_sponsors"])
    assert step.tool == "generate_proposal"
    assert step.filled.args == {"opportunity_id": 58}


def test_query_arguments_from_words() -> None:
    query = picker("analytics").tools["query_database"]
    filled = fill_arguments(query, request("Revenue by ticket type for the last 30 days"))
    assert filled.args == {
        "metric": "revenue",
        "group_by": "ticket_type",
        "date_from": "2026-08-02",
        "date_to": "2026-08-31",
    }
    assert filled.complete


def test_missing_required_argument_is_named() -> None:
    refund = picker("support").tools["process_refund"]
    filled = fill_arguments(refund, request("I want a refund"))
    assert filled.missing == ["order_number"]
    assert filled.args == {}


def test_transfer_arguments() -> None:
    transfer = picker("support").tools["transfer_ticket"]
    text = "change the name on my ticket ORD-10503 to Ana Ruiz (ana.ruiz@example.com)"
    filled = fill_arguments(transfer, request(text))
    assert filled.args == {
        "order_number": "ORD-10503",
        "new_name": "Ana Ruiz",
        "new_email": "ana.ruiz@example.com",
    }


def test_one_of_group_is_reported_when_nothing_fills_it() -> None:
    lookup = picker("support").tools["lookup_ticket"]
    assert fill_arguments(lookup, request("find my order")).missing == ["order_number or email"]


def test_numbers_are_clamped_to_the_schema() -> None:
    sponsors = picker("sales").tools["search_sponsors"]
    filled = fill_arguments(sponsors, request("top 900 sponsors with a score above 70"))
    assert filled.args["min_score"] == 70.0
    assert filled.args["limit"] == sponsors.properties["limit"]["maximum"]


@pytest.mark.parametrize(
    ("argument", "values", "text", "expected"),
    [
        (
            "kind",
            ["email", "social", "landing", "cta", "subject"],
            "email subject lines",
            "subject",
        ),
        ("metric", ["tickets_sold", "revenue"], "revenue by ticket type", "revenue"),
        ("mode", ["design", "analyze"], "run a test and show the results", "analyze"),
        ("platform", ["linkedin", "x"], "tweet it", "x"),
        ("stage", ["negotiation", "closed_won", "closed_lost"], "we lost the deal", "closed_lost"),
        ("severity", ["low", "high", "critical"], "this is urgent", "critical"),
        ("platform", ["linkedin", "x"], "post it somewhere", None),
    ],
)
def test_enum_values_from_words(
    argument: str, values: list[str], text: str, expected: str | None
) -> None:
    assert enum_value(argument, values, text) == expected


def test_list_enums_keep_schema_order() -> None:
    values = ["seniority", "industry", "region", "engagement"]
    assert enum_values("group_by", values, "by region and seniority") == ["seniority", "region"]
