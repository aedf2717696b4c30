"""Analytics requests the offline path answered incompletely (round x).

Requests of my own, not from any eval set, one test per mechanism:
- a forecast or projection answer says how far it lands from the target, in figures;
- a request naming one group of a breakdown ("fintech", "VIP", a company) splits the
  metric by that dimension, and the answer states that group with its share of the total;
- a sum of refunds also counts them ("how many refunds, and how much?");
- both halves of one month compared split the month into halves (a half-month grouping);
- German compounds ("Julihälfte", "Ticketverkäufe"), "the three channels", "what did we
  make" and "people coming" are read as the period, metric or breakdown they name;
- "what would you do?" asks for advice, whatever topic word comes first.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.answers import CallOutcome, summarise_call
from adapters.offline.argument_fill import fill_arguments
from adapters.offline.dates import compared_periods, date_range, fold
from adapters.offline.entities import Catalog, Entity
from adapters.offline.enums import enum_value
from adapters.offline.planner import make_plan
from adapters.offline.request import Request
from domain.analytics.metrics import METRICS, GroupBy, Metric
from domain.analytics.query import group_key
from tests.offline_pickers import department_picker

TODAY = date(2026, 9, 1)
METRIC_NAMES = [m.value for m in Metric]
GROUPS = [g.value for g in GroupBy]


def _lines(tool: str, result: Mapping[str, object], language: str = "en", asked: str = "") -> str:
    outcome = CallOutcome(tool, {}, dict(result))
    return "\n".join(summarise_call(outcome, language, asked=asked))


def _catalog() -> Catalog:
    entities = {
        "industry": [Entity("industry", 1, "Fintech", {}), Entity("industry", 2, "AI/ML", {})],
        "company": [Entity("company", 7, "Globex", {})],
    }
    return Catalog("t", "T", TODAY, 3, entities)


def test_a_forecast_states_its_gap_to_the_target() -> None:
    forecast = {"event": "Expo", "target": 8000, "forecast": {"point": 7070}}
    assert "Forecast shortfall: 930 tickets below the 8000 target." in _lines(
        "predict_attendance", forecast
    )
    assert "930" in _lines("predict_attendance", forecast, "de")
    above = {**forecast, "forecast": {"point": 8100}}
    assert "above the target by 100 tickets" in _lines("predict_attendance", above)
    revenue = {
        "event": "Expo",
        "revenue_target": "3120000.00",
        "projection": {"point": 2536345.81},
    }
    assert "Projected shortfall: $583,654.19 below the $3" in _lines("analyze_revenue", revenue)
    assert "583.654,19" in _lines("analyze_revenue", revenue, "es")


def test_a_named_group_is_stated_with_its_share() -> None:
    result = {
        "event": "Expo",
        "metric": "attendees",
        "group_by": "industry",
        "total": 1000,
        "rows": [{"group": "AI/ML", "value": 700}, {"group": "Fintech", "value": 300}],
        "row_count": 2,
    }
    text = _lines("query_database", result, asked="how many attendees work in fintech?")
    assert "Of that: Fintech 300 (30.0%)." in text
    assert "Of that" not in _lines("query_database", result, asked="attendees by industry")
    months = {**result, "group_by": "month", "rows": [{"group": "2026-08", "value": 5}]}
    assert "Of that" not in _lines("query_database", months, asked="tickets in 2026-08")


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("how many attendees do we have from fintech companies?", "industry"),
        ("How many of our attendees work at Globex?", "company"),
        ("¿Qué porcentaje de las entradas vendidas son VIP?", "ticket_type"),
        ("what share of tickets went to students?", "ticket_type"),
        ("is paid pulling its weight? how many tickets has that channel sold?", "channel"),
    ],
)
def test_a_named_part_splits_the_metric_by_its_dimension(text: str, group: str) -> None:
    picker = department_picker("analytics")
    args = fill_arguments(picker.tools["query_database"], Request(text, _catalog(), TODAY)).args
    assert args.get("group_by") == group


def test_a_split_the_metric_does_not_allow_is_not_proposed() -> None:
    picker = department_picker("analytics")
    req = Request("how many tickets did Globex buy?", _catalog(), TODAY)
    assert "group_by" not in fill_arguments(picker.tools["query_database"], req).args


def test_a_sum_of_refunds_also_counts_them() -> None:
    assert METRICS[Metric.REFUNDS].counted == "refunds"
    result = {
        "event": "Expo",
        "metric": "refunds",
        "unit": "USD",
        "total": 9841.5,
        "rows": [{"group": "total", "value": 9841.5}],
        "row_count": 1,
        "count": 31,
        "counted": "refunds",
    }
    assert "Made up of 31 refunds." in _lines("query_database", result)
    assert "31 reembolsos" in _lines("query_database", result, "es")
    assert "31 Erstattungen" in _lines("query_database", result, "de")


def test_both_halves_of_a_month_compared_split_it_into_halves() -> None:
    asked = "did the first half of August or the second half bring in more money?"
    assert compared_periods(fold(asked), TODAY) == (
        date(2026, 8, 1),
        date(2026, 8, 31),
        "half_month",
    )
    spanish = "la primera quincena de julio frente a la segunda"
    assert compared_periods(fold(spanish), TODAY) == (
        date(2026, 7, 1),
        date(2026, 7, 31),
        "half_month",
    )
    assert compared_periods(fold("tickets in the second half of July"), TODAY) is None
    assert group_key(date(2026, 8, 15), {}, GroupBy.HALF_MONTH) == "2026-08-01"
    assert group_key(date(2026, 8, 16), {}, GroupBy.HALF_MONTH) == "2026-08-16"


def test_words_in_other_shapes_name_the_period_metric_or_breakdown() -> None:
    assert date_range("Umsatz in der zweiten Julihälfte?", TODAY) == (
        date(2026, 7, 16),
        date(2026, 7, 31),
    )
    assert enum_value("metric", METRIC_NAMES, "Vergleiche die Ticketverkäufe im Juni") == (
        "tickets_sold"
    )
    assert enum_value("metric", METRIC_NAMES, "what did we make from tickets in August") == (
        "revenue"
    )
    assert enum_value("metric", METRIC_NAMES, "how many Initech people are coming?") == (
        "attendees"
    )
    assert enum_value("group_by", GROUPS, "¿los tres canales que más venden?") == "channel"
    assert enum_value("group_by", GROUPS, "the two industries with most attendees") == ("industry")


@pytest.mark.parametrize(
    "text",
    [
        "Revenue is lagging behind target. What would you do in our position?",
        "Les ventes ralentissent. Que devrions-nous faire ?",
        "Die Umsätze sind schwach, was sollten wir tun?",
        "the forecast looks weak, tell me what we should do about it",
    ],
)
def test_asking_what_to_do_gets_advice_whatever_the_topic(text: str) -> None:
    picker = department_picker("analytics")
    assert make_plan(picker, Request(text, None, TODAY)).primary == "recommend_actions"


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("how many more tickets do we need to sell to reach 8000?", "predict_attendance"),
        ("how do ticket sales compare with last year at the same point?", "predict_attendance"),
        ("Wie viel Prozent des Umsatzziels haben wir erreicht?", "analyze_revenue"),
    ],
)
def test_gaps_and_same_point_comparisons_go_to_the_tool_that_has_them(text: str, tool: str) -> None:
    picker = department_picker("analytics")
    assert make_plan(picker, Request(text, None, TODAY)).primary == tool


def test_events_on_the_topic_asked_about_are_all_named() -> None:
    events = [
        {"name": "Data Expo", "city": "Berlin", "starts_on": "2026-07-19", "topic": "data"},
        {"name": "Ops Days", "city": "Amsterdam", "starts_on": "2026-08-21", "topic": "MLOps"},
        {"name": "Cyber Con", "city": "Lagos", "starts_on": "2026-12-19", "topic": "security"},
        {"name": "Eng Live", "city": "Paris", "starts_on": "2026-11-01", "topic": "MLOps"},
    ]
    result = {"events": events, "events_count": 4}
    text = _lines("find_event_attendance", result, asked="what other MLOps conferences are on?")
    assert (
        "Events on MLOps: Ops Days (Amsterdam, 2026-08-21), Eng Live (Paris, 2026-11-01)." in text
    )
    assert "Events on" not in _lines("find_event_attendance", result, asked="which events?")


def test_the_forecast_states_the_pace_needed_against_the_current_one() -> None:
    forecast = {
        "event": "Expo",
        "to_target": 4204,
        "days_to_event": 42,
        "velocity": {"last_7_days_per_day": 56.4},
    }
    text = _lines("predict_attendance", forecast)
    assert "Pace: 56.4 tickets a day over the last 7 days; 100.1 a day needed" in text
    assert "100,1" in _lines("predict_attendance", forecast, "fr")
    assert "Pace" not in _lines("predict_attendance", {**forecast, "to_target": 0})
    picker = department_picker("analytics")
    asked = Request("how many tickets a day do we need from here?", None, TODAY)
    assert make_plan(picker, asked).primary == "predict_attendance"
