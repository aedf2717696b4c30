"""Issue 9 (dev_e2e_q): a figure derived from two quantities the tools return ("cost
per click", "what share of a budget line is spent") is stated, worked out from the
typed results with both operands, and never guessed when a quantity is missing."""

from __future__ import annotations

from datetime import date

import tools as _registered_tools  # noqa: F401  (registers every tool)
from adapters.offline.answers import CallOutcome
from adapters.offline.planner import make_plan
from adapters.offline.ratios import Ratio, asked_ratio, operand_read, ratio_lines
from adapters.offline.request import Request
from tests.offline_pickers import department_picker

CAMPAIGN = {
    "campaign": {"id": 7, "name": "Spring webinar push"},
    "totals": {"clicks": 400, "conversions": 25, "opens": 1000},
    "economics": {"spend": 1000.0, "revenue": 5000.0},
}
BUDGET = {
    "totals": {"planned": 500000.0, "actual": 200000.0},
    "lines": [
        {"budget_line_id": 2, "category": "Catering", "planned": 80000.0, "actual": 20000.0},
        {"budget_line_id": 5, "category": "Security", "planned": 40000.0, "actual": 10000.0},
    ],
}


def test_ratio_forms_in_four_languages() -> None:
    assert asked_ratio("what are we paying per click on it?") == Ratio("spend", "clicks", False)
    assert asked_ratio("what does a single conversion cost us?") == Ratio(
        "spend", "conversions", False
    )
    assert asked_ratio("¿qué porcentaje del presupuesto hemos gastado?") == Ratio(
        "spend", "budget", True
    )
    assert asked_ratio("Umsatz pro verkauftem Ticket?") == Ratio("revenue", "tickets", False)
    assert asked_ratio("how many clicks did it get?") is None


def test_cost_per_click_from_a_campaign_result() -> None:
    call = CallOutcome("analyze_campaign", {"campaign_id": 7}, CAMPAIGN)
    [line] = ratio_lines([call], "how much are we paying for each click on the webinar push?")
    assert line == "Spring webinar push: spend per click: $2.50 ($1,000 / 400)."


def test_a_named_budget_line_is_the_scope_not_the_totals() -> None:
    call = CallOutcome("track_budget", {}, BUDGET)
    [line] = ratio_lines([call], "what share of the security budget is spent?", "en")
    assert "25.0%" in line and line.startswith("Security:")
    # named by the entity resolver (any language), by id
    [french] = ratio_lines(
        [call], "quel pourcentage du budget traiteur est dépensé ?", "fr", {"budget_line": [2]}
    )
    assert "25,0" in french and french.startswith("Catering")


def test_quantities_from_two_tools_combine() -> None:
    budget = CallOutcome("track_budget", {}, BUDGET)
    sold = CallOutcome("monitor_ticket_sales", {}, {"tickets_sold": 4000})
    [line] = ratio_lines([budget, sold], "how much catering spend is that per attendee?")
    assert "$5.00" in line


def test_no_line_when_a_quantity_is_missing() -> None:
    call = CallOutcome("track_budget", {}, BUDGET)
    assert ratio_lines([call], "what's our spend per attendee?") == []


def test_the_missing_operand_is_read_for_the_same_period() -> None:
    views = CallOutcome(
        "query_database",
        {"metric": "page_views", "date_from": "2026-05-01", "date_to": "2026-05-31"},
        {"metric": "page_views", "total": 900.0},
    )
    read = operand_read([views], "page views per visit in May?", ["query_database"])
    assert read == (
        "query_database",
        {"metric": "traffic_sessions", "date_from": "2026-05-01", "date_to": "2026-05-31"},
    )
    sessions = CallOutcome(
        "query_database", read[1] if read else {}, {"metric": "traffic_sessions", "total": 300.0}
    )
    assert (
        operand_read([views, sessions], "page views per visit in May?", ["query_database"]) is None
    )
    assert ratio_lines([views, sessions], "page views per visit in May?") == [
        "Page views per visit: 3.00 (900 / 300)."
    ]


def test_no_operand_read_for_spend_or_without_a_ratio() -> None:
    sold = CallOutcome("monitor_ticket_sales", {}, {"tickets_sold": 4000})
    # whose spend is meant is for the plan's own reads to say: no read is guessed
    assert operand_read([sold], "spend per attendee?", ["track_budget"]) is None
    assert operand_read([sold], "how many tickets have we sold?", ["query_database"]) is None


AUGUST = {"date_from": "2026-08-01", "date_to": "2026-08-31"}


def test_a_dated_ratio_is_not_divided_by_an_all_time_count() -> None:
    revenue = CallOutcome(
        "query_database", {"metric": "revenue", **AUGUST}, {"metric": "revenue", "total": 12000}
    )
    asked = "What was our revenue per ticket in August?"
    tools = ["monitor_ticket_sales", "query_database"]
    assert operand_read([revenue], asked, tools) == (
        "query_database",
        {"metric": "tickets_sold", **AUGUST},
    )
    assert operand_read([revenue], asked, ["monitor_ticket_sales"]) is None
    all_time = CallOutcome("monitor_ticket_sales", {}, {"tickets_sold": 800})
    assert ratio_lines([revenue, all_time], asked) == []
    august = CallOutcome(
        "query_database",
        {"metric": "tickets_sold", **AUGUST},
        {"metric": "tickets_sold", "total": 600},
    )
    assert ratio_lines([revenue, august], asked) == [
        "Revenue per ticket sold: $20.00 ($12,000 / 600)."
    ]


def test_a_share_needs_two_quantities_of_one_kind() -> None:
    assert asked_ratio("What percentage of tickets were refunded?") is None
    assert asked_ratio("refunds as a percentage of revenue?") == Ratio("refunds", "revenue", True)


def test_the_denominator_is_the_noun_right_after_per_or_each() -> None:
    assert asked_ratio("How many orders per day and what is the revenue?") is None
    assert asked_ratio("What was our spend per day on ads, and how many conversions?") is None
    assert asked_ratio("What did each campaign spend and how many clicks did each get?") is None
    assert asked_ratio("what is the spend per single click?") == Ratio("spend", "clicks", False)


def test_all_campaigns_total_is_not_the_named_campaigns() -> None:
    metrics = CallOutcome("monitor_metrics", {}, {"campaigns": [CAMPAIGN, CAMPAIGN]})
    asked = "what did the webinar push pay per click?"
    assert ratio_lines([metrics], asked, named={"campaign": [7]}) == []
    [line] = ratio_lines([metrics], "what are we paying per click?")
    assert "$2.50" in line


def test_ticket_type_rows_that_are_not_records_are_skipped() -> None:
    result = {"net_revenue": 900.0, "by_ticket_type": ["VIP", {"tickets": 3}]}
    revenue = CallOutcome("analyze_revenue", {}, result)
    assert ratio_lines([revenue], "revenue per attendee?") == []


def test_average_order_value_is_revenue_per_order() -> None:
    assert asked_ratio("avg order value in July?") == Ratio("revenue", "orders", percent=False)
    assert asked_ratio("¿cuál fue el valor medio del pedido?") == Ratio("revenue", "orders", False)
    assert asked_ratio("Quel est le panier moyen ?") == Ratio("revenue", "orders", False)


def test_a_share_of_orders_counts_the_refunds_and_cancellations() -> None:
    assert asked_ratio("What share of orders were refunded in August?") == Ratio(
        "refund_count", "orders", percent=True
    )
    assert asked_ratio("What proportion of August's orders ended up cancelled?") == Ratio(
        "cancellations", "orders", percent=True
    )


def test_refunds_counted_over_orders_from_two_reads() -> None:
    period = {"date_from": "2026-08-01", "date_to": "2026-08-31"}
    calls = [
        CallOutcome(
            "query_database", {"metric": "refunds", **period}, {"total": 32832.5, "count": 74}
        ),
        CallOutcome("query_database", {"metric": "orders", **period}, {"total": 1150}),
    ]
    lines = ratio_lines(calls, "What share of orders were refunded in August?")
    assert lines and "6.4%" in lines[0]


def test_french_and_spanish_singular_revenue_is_the_revenue_metric() -> None:
    for text in (
        "Quel a été le revenu par billet vendu sur les deux dernières semaines ?",
        "¿Cuál fue el ingreso por entrada vendida en las dos últimas semanas?",
    ):
        plan = make_plan(department_picker("analytics"), Request(text, None, date(2026, 9, 1)))
        assert plan.steps[:1] == ["query_database"]
