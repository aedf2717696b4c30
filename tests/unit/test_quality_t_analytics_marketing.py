"""General fixes found with end-to-end dev set t (analytics and marketing), each pinned by
requests of my own. None of these requests is in an eval set or the router's training file.

1. Periods in words: quarters ("Q2", "the third quarter", "le 3e trimestre", "das dritte
   Quartal", "last quarter"), a fortnight, and trailing windows counted in words ("the
   past three weeks", "les deux derniers mois") (``adapters.offline.quarters``,
   ``adapters.offline.dates``); a period still running asked "so far" is a past period,
   so the tool that takes dates answers it (``adapters.offline.tool_picker``).
2. Which measure is asked: "ticket revenue" is revenue, not tickets; a ticket type or a
   channel named as a value splits by it; "chiffre d'affaires", "Einnahmen" are revenue;
   "Verkaufskanal" is a channel; the average order value and a revenue forecast are the
   revenue analysis's (``adapters.offline.enums``, ``prompts/offline_triggers.md``).
3. Campaigns compared or asked about to date are judged on their whole run, and the
   monitor's lines state each campaign's conversions and ROAS and the campaigns' budgets
   and spend together (``adapters.offline.fillers``, ``adapters.offline.campaign_values``).
4. Another company's figures (turnover, headcount, valuation) are research about them,
   and the company profile states its size in figures (``nodes.routing.lexicon``,
   ``prompts/offline_answer*.md``).
5. Being behind a ticket or attendance target is an analytics matter; "have they
   confirmed yet" is a supplier's confirmation (``nodes.routing.lexicon``).
6. A campaign recommendation in es/fr/de is worded in that language, not as a code with
   an English reason.
7. A segmentation answer lists every segment with its size and mailable contacts, so "how
   many high-engagement contacts can we email" is answered (``prompts/offline_answer*.md``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.answers import CallOutcome, summarise_call
from adapters.offline.argspec import ArgSpec
from adapters.offline.campaign_values import campaign_results
from adapters.offline.dates import date_range, window_days
from adapters.offline.enums import enum_value
from adapters.offline.fillers import FILLERS
from adapters.offline.quarters import quarter_range
from adapters.offline.request import Request
from nodes.routing.classifier import training_examples
from nodes.routing.lexicon import keyword_positions
from nodes.routing.router import analyse_request
from nodes.routing.text import normalise
from tests.offline_pickers import department_picker

TODAY = date(2026, 9, 1)
REQUESTS = (
    "what did ticket revenue look like in the second quarter?",
    "how many orders came in during Q3 so far",
    "what's Tyrell Corporation's annual turnover?",
    "we're lagging behind the attendance target, what now?",
    "has the florist confirmed yet?",
    "what's our average basket, i.e. the average order value?",
    "which campaign has the lowest click rate?",
)


def test_these_requests_are_not_training_examples() -> None:
    trained = {normalise(text) for text, _ in training_examples()}
    assert not trained & {normalise(text) for text in REQUESTS}


# 1 -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (REQUESTS[0], date(2026, 4, 1), date(2026, 6, 30)),
        ("bookings in Q3 so far", date(2026, 7, 1), TODAY),
        ("revenue in Q4", date(2025, 10, 1), date(2025, 12, 31)),  # not begun: last year's
        ("les commandes du 2e trimestre", date(2026, 4, 1), date(2026, 6, 30)),
        ("Umsatz im dritten Quartal", date(2026, 7, 1), TODAY),
        ("ventas del primer trimestre", date(2026, 1, 1), date(2026, 3, 31)),
        ("refunds last quarter", date(2026, 4, 1), date(2026, 6, 30)),
    ],
)
def test_a_quarter_is_a_calendar_period(text: str, start: date, end: date) -> None:
    assert date_range(text, TODAY) == (start, end)


def test_a_text_without_a_quarter_has_none() -> None:
    assert quarter_range("how are the quarterly sponsors doing", TODAY) is None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("orders over the past fortnight", 14),
        ("page views in the past three weeks", 21),
        ("les ventes des deux derniers mois", 60),
        ("Besuche in den letzten zwei Wochen", 14),
    ],
)
def test_a_trailing_window_in_words(text: str, days: int) -> None:
    assert window_days(text) == days
    start, end = date_range(text, TODAY)
    assert end == date(2026, 8, 31) and start is not None and (end - start).days == days - 1


def test_half_a_named_month_is_not_a_trailing_fortnight() -> None:
    assert date_range("la dernière quinzaine de juillet", TODAY) == (
        date(2026, 7, 16),
        date(2026, 7, 31),
    )


def test_a_running_period_asked_so_far_goes_to_the_tool_that_takes_dates() -> None:
    _, scores = department_picker("analytics").rank(Request(REQUESTS[1], None, TODAY))
    assert scores[0].name == "query_database"


# 2 -------------------------------------------------------------------------------------
METRICS = ["tickets_sold", "revenue", "orders", "refunds", "cancellations"]


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("ticket revenue in June", "revenue"),
        ("tickets sold in June", "tickets_sold"),
        ("notre chiffre d'affaires de juin", "revenue"),
        ("Einnahmen im Juli", "revenue"),
        ("tix sold yesterday", "tickets_sold"),
    ],
)
def test_the_measure_a_question_asks_for(text: str, metric: str) -> None:
    assert enum_value("metric", METRICS, text) == metric


GROUPS = ["day", "week", "month", "ticket_type", "channel", "campaign"]


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Welcher Verkaufskanal bringt am meisten?", "channel"),
        ("how many tickets did we sell by now", None),  # no channel named
        ("how many tickets have partners brought in", "channel"),
        ("¿cuántas entradas VIP llevamos?", "ticket_type"),
        ("are most refunds standard tickets?", "ticket_type"),
    ],
)
def test_a_named_value_splits_by_its_dimension(text: str, group: str | None) -> None:
    assert enum_value("group_by", GROUPS, text) == group


@pytest.mark.parametrize(
    "text", [REQUESTS[5], "what revenue do we project by the end?", "Umsatzprognose bitte"]
)
def test_the_average_order_and_a_revenue_forecast_are_the_revenue_analysis(text: str) -> None:
    _, scores = department_picker("analytics").rank(Request(text, None, TODAY))
    assert scores[0].name == "analyze_revenue"


# 3 -------------------------------------------------------------------------------------
def _days(text: str) -> Any:
    spec = ArgSpec("monitor_metrics", "days", {"type": "integer", "maximum": 90})
    return FILLERS["days"](Request(text, None, TODAY), spec)


@pytest.mark.parametrize(
    "text", [REQUESTS[6], "rank all campaigns by clicks", "what have campaigns cost us in total"]
)
def test_campaigns_compared_or_totalled_are_judged_on_their_whole_run(text: str) -> None:
    assert _days(text) == 90


@pytest.mark.parametrize(
    ("text", "days"),
    [("how are the campaigns doing?", None), ("campaign clicks, last 10 days", 10)],
)
def test_a_status_question_keeps_the_recent_window(text: str, days: int | None) -> None:
    assert _days(text) == days


def test_the_lowest_click_rate_question_picks_the_monitor() -> None:
    _, scores = department_picker("marketing").rank(Request(REQUESTS[6], None, TODAY))
    assert scores[0].name == "monitor_metrics"


MONITOR = {
    "campaigns": [
        {
            "campaign": {"name": "Spring promo", "budget": 5000.0},
            "totals": {"conversions": 12},
            "economics": {"spend": 1200.5, "roas": 3.5},
        },
        {"campaign": {"name": "Winter teaser", "budget": 2500.0}, "totals": {}, "economics": {}},
    ]
}


def test_each_campaign_states_its_results_and_the_campaigns_their_totals() -> None:
    values = campaign_results(MONITOR["campaigns"])
    assert values["campaigns_0_results_part"] == ", 12 conversions, ROAS 3.5"
    assert values["campaigns_1_results_part"] == ""  # nothing to state, the line stays
    assert values["campaigns_budget_total"] == "7,500"
    assert values["campaigns_spend_total"] == "1,200.5"
    assert campaign_results("not a list") == {}


# 4 -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [REQUESTS[2], "Wie hoch ist der Jahresumsatz bei Cyberdyne?", "headcount at Cyberdyne?"],
)
def test_another_companys_figures_are_research(text: str) -> None:
    assert "research" in keyword_positions(text)


def test_the_company_profile_states_its_size_in_figures() -> None:
    result = {
        "name": "Cyberdyne",
        "industry": "Robotics",
        "size_band": "1001-5000",
        "hq_city": "Austin",
        "country": "USA",
        "is_target_account": True,
        "employees": 1200,
        "annual_revenue": 250000000.0,
        "marketing_budget": 1000000.0,
    }
    english = "\n".join(summarise_call(CallOutcome("research_company", {}, result)))
    german = "\n".join(summarise_call(CallOutcome("research_company", {}, result), "de"))
    assert "1200 employees" in english and "$250,000,000" in english
    assert "Jahresumsatz" in german and "250.000.000" in german


# 5 -------------------------------------------------------------------------------------
def test_behind_a_target_is_analytics_and_a_confirmation_is_operations() -> None:
    assert analyse_request(REQUESTS[3]).agents == ["analytics"]
    assert "operations" in keyword_positions(REQUESTS[4])


# 6 -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("language", "word"), [("de", "Budget"), ("es", "presupuesto")])
def test_a_campaign_recommendation_is_worded_in_the_answers_language(
    language: str, word: str
) -> None:
    result = {
        "campaign": {"name": "Spring promo", "budget": 5000.0},
        "rates": {"open_rate": 0.5, "click_rate": 0.1, "conversion_rate": 0.07},
        "days": {"count": 20},
        "recommendations": [{"action": "scale_budget", "reason": "conversion rate is high"}],
    }
    text = "\n".join(summarise_call(CallOutcome("analyze_campaign", {}, result), language))
    assert "scale_budget" not in text and "conversion rate is high" not in text
    assert word in text


# 7 -------------------------------------------------------------------------------------
def test_a_segmentation_answer_lists_every_segment() -> None:
    result = {
        "segments_count": 3,
        "base_size": 60,
        "base_mailable": 50,
        "segments": [
            {"name": "tier:gold", "size": 30, "mailable": 25},
            {"name": "tier:silver", "size": 20, "mailable": 17},
            {"name": "tier:bronze", "size": 10, "mailable": 8},
        ],
    }
    lines = summarise_call(CallOutcome("segment_audience", {}, result))
    assert "3. tier:bronze: 10 contacts, 8 mailable." in lines
    assert not any("more" in line for line in lines)
