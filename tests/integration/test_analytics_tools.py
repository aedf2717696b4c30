"""Analytics tools on the demo tenant, on SQLite and Postgres, through ``call_tool``."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from domain.demo import anchors
from domain.models import Department, Event
from domain.scope import Scope
from tests.conftest import SNAPSHOT
from tools import call_tool, tools_for
from tools.registry import Effect, ToolArgumentError

SPIKE_DAY = SNAPSHOT - timedelta(days=anchors.CANCELLATION_SPIKE_DAYS_AGO)
ANALYTICS_TOOLS = {
    "query_database",
    "predict_attendance",
    "analyze_revenue",
    "identify_anomalies",
    "recommend_actions",
    "generate_report",
}
SEVERITY_ORDER = ["critical", "high", "medium", "low"]


def test_analytics_tools_are_registered_read_only() -> None:
    specs = {s.name: s for s in tools_for(Department.ANALYTICS)}
    assert set(specs) >= ANALYTICS_TOOLS
    assert {specs[name].effect for name in ANALYTICS_TOOLS} == {Effect.READ}


# --- query_database -----------------------------------------------------------------


def test_query_tickets_by_type_adds_up_to_the_forecasts_sold_so_far(scope: Scope) -> None:
    by_type = call_tool(
        "query_database", {"metric": "tickets_sold", "group_by": "ticket_type"}, scope
    )
    forecast = call_tool("predict_attendance", {}, scope)
    assert by_type["total"] == sum(row["value"] for row in by_type["rows"])
    assert by_type["total"] == forecast["sold_so_far"]
    assert {row["group"] for row in by_type["rows"]} == {"Early Bird", "Standard", "VIP", "Student"}
    values = [row["value"] for row in by_type["rows"]]
    assert values == sorted(values, reverse=True)


def test_query_daily_orders_in_a_range_lists_every_day(scope: Scope) -> None:
    result = call_tool(
        "query_database",
        {"metric": "orders", "group_by": "day", "date_from": "2026-08-01", "date_to": "2026-08-31"},
        scope,
    )
    days = [row["group"] for row in result["rows"]]
    assert days == [(date(2026, 8, 1) + timedelta(days=i)).isoformat() for i in range(31)]
    assert result["total"] == sum(row["value"] for row in result["rows"])


def test_query_cancellations_on_the_spike_day(scope: Scope) -> None:
    day = SPIKE_DAY.isoformat()
    result = call_tool(
        "query_database", {"metric": "cancellations", "date_from": day, "date_to": day}, scope
    )
    assert result["total"] >= 46  # the demo's planted spike, plus background noise


def test_query_revenue_matches_analyze_revenue(scope: Scope) -> None:
    query = call_tool("query_database", {"metric": "revenue"}, scope)
    analysis = call_tool("analyze_revenue", {}, scope)
    assert query["total"] == pytest.approx(analysis["net_revenue"], abs=0.01)


def test_query_unknown_metric_names_metric_and_lists_allowed(scope: Scope) -> None:
    with pytest.raises(ToolArgumentError) as err:
        call_tool("query_database", {"metric": "salaries"}, scope)
    message = str(err.value)
    assert "argument 'metric'" in message
    assert "'tickets_sold'" in message and "'pipeline_value'" in message


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        ({"metric": "revenue", "date_from": "2026-08-10", "date_to": "2026-08-01"}, "date_to"),
        ({"metric": "revenue", "date_from": "2026-10-01"}, "date_from"),
        ({"metric": "revenue", "date_from": "2022-01-01", "date_to": "2026-01-01"}, "date_to"),
        ({"metric": "revenue", "date_from": "2026-13-01"}, "date_from"),
        ({"metric": "revenue", "group_by": "stage"}, "group_by"),
        ({"metric": "revenue", "event_id": 987654}, "event_id"),
        ({"metric": "revenue", "sql": "select 1"}, "sql"),
    ],
)
def test_query_bad_arguments_name_the_argument(
    scope: Scope, args: dict[str, str], argument: str
) -> None:
    with pytest.raises(ToolArgumentError, match=f"argument '{argument}'"):
        call_tool("query_database", args, scope)


# --- predict_attendance -------------------------------------------------------------


def test_predict_attendance_is_a_sensible_curve_forecast(scope: Scope) -> None:
    result = call_tool("predict_attendance", {}, scope)
    forecast = result["forecast"]
    assert result["method"] == "curve_ratio"
    assert result["days_to_event"] == anchors.EVENT_STARTS_IN_DAYS
    assert result["reference_edition"]["event"] == anchors.PAST_EVENT_NAME
    assert forecast["low"] <= forecast["point"] <= forecast["high"]
    # More than sold already, more than at the current 28-day pace, below capacity and
    # within a quarter of the target.
    sold, days = result["sold_so_far"], result["days_to_event"]
    assert forecast["point"] > sold + result["velocity"]["last_28_days_per_day"] * days
    assert forecast["high"] <= result["capacity"]
    assert 0.75 * result["target"] <= forecast["point"] <= 1.25 * result["target"]
    # The probability agrees with where the target sits against the interval.
    if forecast["high"] < result["target"]:
        assert result["probability_reach_target"] < 0.1
    assert result["expected_attendance"]["point"] == round(forecast["point"] * 0.85, 0)
    assert result["cumulative"][-1] == {
        "days_out": days,
        "current": sold,
        "reference": result["reference_edition"]["sold_at_same_days_out"],
    }


def test_predict_attendance_of_a_finished_edition_is_its_actual_count(scope: Scope) -> None:
    past = scope.session.scalars(select(Event).where(Event.slug == anchors.PAST_EVENT_SLUG)).one()
    result = call_tool("predict_attendance", {"event_id": past.id}, scope)
    tickets = call_tool("query_database", {"metric": "tickets_sold", "event_id": past.id}, scope)
    assert result["method"] == "actual"
    assert result["forecast"]["low"] == result["forecast"]["point"] == result["forecast"]["high"]
    assert result["forecast"]["point"] == tickets["total"]


def test_predict_attendance_before_sales_open_names_event_id(scope: Scope) -> None:
    early = replace(scope, today=date(2026, 5, 1))
    with pytest.raises(ToolArgumentError, match=r"argument 'event_id'.*no sales before"):
        call_tool("predict_attendance", {}, early)


def test_predict_attendance_unknown_event_names_event_id(scope: Scope) -> None:
    with pytest.raises(ToolArgumentError, match="argument 'event_id'"):
        call_tool("predict_attendance", {"event_id": 987654}, scope)
    with pytest.raises(ToolArgumentError, match="argument 'event_id'"):
        call_tool("predict_attendance", {"event_id": -1}, scope)


# --- analyze_revenue ----------------------------------------------------------------


def test_analyze_revenue_breakdowns_add_up(scope: Scope) -> None:
    result = call_tool("analyze_revenue", {"trend_days": 14}, scope)
    assert result["net_revenue"] == pytest.approx(result["gross_bookings"] - result["refunded"])
    for breakdown in ("by_ticket_type", "by_channel"):
        total = sum(row["net_revenue"] for row in result[breakdown])
        assert total == pytest.approx(result["net_revenue"], abs=0.05)
    trend = result["daily_trend"]
    assert [row["date"] for row in trend][-1] == (SNAPSHOT - timedelta(days=1)).isoformat()
    assert len(trend) == 14
    projection = result["projection"]
    assert projection["low"] <= projection["point"] <= projection["high"]
    assert projection["point"] > result["net_revenue"]
    assert 0 < result["refund_rate_pct"] < 10


def test_analyze_revenue_rejects_a_short_trend(scope: Scope) -> None:
    with pytest.raises(ToolArgumentError, match="argument 'trend_days'"):
        call_tool("analyze_revenue", {"trend_days": 3}, scope)


# --- identify_anomalies -------------------------------------------------------------


def test_identify_anomalies_finds_the_cancellation_spike(scope: Scope) -> None:
    result = call_tool("identify_anomalies", {}, scope)
    cancellations = [a for a in result["anomalies"] if a["series"] == "cancellations"]
    spike = [a for a in cancellations if a["date"] == SPIKE_DAY.isoformat()]
    assert len(spike) == 1
    assert spike[0]["direction"] == "spike"
    assert spike[0]["severity"] == "high"
    assert spike[0]["value"] >= 46
    # The only cancellation alarm: ordinary days of 2-4 cancellations are not anomalies.
    assert len(cancellations) == 1
    sales = [a for a in result["anomalies"] if a["series"] == "tickets_sold"]
    assert len(sales) <= 3
    dates = [a["date"] for a in result["anomalies"]]
    assert dates == sorted(dates, reverse=True)


def test_identify_anomalies_one_series_and_window(scope: Scope) -> None:
    result = call_tool(
        "identify_anomalies", {"series": ["refunds"], "lookback_days": 20, "window": 7}, scope
    )
    assert set(result["series"]) == {"refunds"}
    assert result["series"]["refunds"]["days"] == 20
    assert SPIKE_DAY.isoformat() in {a["date"] for a in result["anomalies"]}


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        ({"series": ["weather"]}, "series.0"),
        ({"threshold": 0.5}, "threshold"),
        ({"lookback_days": 1000}, "lookback_days"),
    ],
)
def test_identify_anomalies_bad_arguments(scope: Scope, args: dict, argument: str) -> None:
    with pytest.raises(ToolArgumentError, match=re.escape(f"argument '{argument}'")):
        call_tool("identify_anomalies", args, scope)


# --- recommend_actions --------------------------------------------------------------


def test_recommend_actions_are_ranked_and_cover_the_demo_anchors(scope: Scope) -> None:
    result = call_tool("recommend_actions", {"limit": 25}, scope)
    actions = result["actions"]
    ranks = [SEVERITY_ORDER.index(a["severity"]) for a in actions]
    assert ranks == sorted(ranks)
    assert [a["rank"] for a in actions] == list(range(1, len(actions) + 1))
    assert {a["owner"] for a in actions} <= {"sales", "marketing", "operations", "support"}
    titles = {a["title"]: a for a in actions}

    def find(*words: str) -> dict:
        return next(a for t, a in titles.items() if all(w in t for w in words))

    overrun = find(anchors.OVERRUN_BUDGET_LINE)
    assert (overrun["severity"], overrun["owner"]) == ("critical", "operations")
    assert find("subject lines", anchors.UNDERPERFORMING_CAMPAIGN)["owner"] == "marketing"
    assert find("call to action", anchors.UNDERPERFORMING_CAMPAIGN)["evidence"]["click_rate"] < 0.03
    scale = find("Scale", anchors.HIGH_CONVERTING_CAMPAIGN)
    assert scale["evidence"]["conversion_rate"] > 0.05 and scale["impact_usd"] > 0
    spike = find("cancellations spike", SPIKE_DAY.isoformat())
    assert spike["owner"] == "support"
    overdue = find("overdue deliverable")
    assert overdue["severity"] == "critical"
    assert anchors.OVERDUE_DELIVERABLE in {o["title"] for o in overdue["evidence"]["overdue"]}
    assert any(anchors.UNCONFIRMED_VENDOR in t for t in titles)
    gap = find("ticket gap")
    assert gap["evidence"]["target"] == result["inputs"]["ticket_target"]


def test_recommend_actions_limit(scope: Scope) -> None:
    result = call_tool("recommend_actions", {"limit": 3}, scope)
    assert len(result["actions"]) == 3
    assert result["total_actions"] > 3
    with pytest.raises(ToolArgumentError, match="argument 'limit'"):
        call_tool("recommend_actions", {"limit": 0}, scope)


# --- generate_report ----------------------------------------------------------------


def test_generate_report_renders_every_section_from_data(scope: Scope) -> None:
    result = call_tool("generate_report", {"top_actions": 4}, scope)
    markdown = result["markdown"]
    assert markdown.startswith(f"# {anchors.EVENT_NAME}: analytics report")
    for heading in (
        "Executive summary",
        "Ticket sales",
        "Marketing",
        "Revenue",
        "Audience",
        "Sponsors and pipeline",
        "Operations",
        "Priority actions",
    ):
        assert f"\n## {heading}\n" in markdown
    assert not re.search(r"\$[a-z_]+", markdown)  # every placeholder was filled
    assert 3 <= len(result["insights"]) <= 5
    assert len(result["actions"]) == 4
    forecast = result["data"]["attendance"]["forecast"]
    assert f"forecast {forecast['point']:,}" in result["insights"][0]
    assert SPIKE_DAY.isoformat() in markdown
    assert anchors.UNDERPERFORMING_CAMPAIGN in markdown
    assert result["data"]["audience"]["top_industries"][0]["name"] in markdown


def test_generate_report_bad_argument(scope: Scope) -> None:
    with pytest.raises(ToolArgumentError, match="argument 'top_actions'"):
        call_tool("generate_report", {"top_actions": 50}, scope)
