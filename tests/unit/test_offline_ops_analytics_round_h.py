"""Operations, analytics and research requests the offline path missed (round h).

Requests of my own, not from any eval set, one test per mechanism:
- action nouns under a negation ("hold off on any reminders") withhold the action;
- spelling correction does not turn a real word into its prefixed opposite ("usual");
- a vendor is named by its trade ("the caterer", "the printing supplier");
- meaning alone never chooses an action: an on-topic question gets a report instead;
- "which channel", "quel secteur" ask for a breakdown by that dimension;
- a past period stated in the request goes to the tool that takes the period;
- answers state what is left of the budget, the refund rate, last edition at the same
  point, a company's latest signal and each unconfirmed vendor's deadline.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import tools  # noqa: F401  (registers every tool)
from adapters.offline.answers import CallOutcome, summarise_call
from adapters.offline.argument_fill import fill_arguments
from adapters.offline.catalog_loader import trade_names
from adapters.offline.entities import Catalog, Entity
from adapters.offline.enums import enum_value
from adapters.offline.planner import make_plan
from adapters.offline.request import Request
from domain.negation import withheld_actions
from tests.offline_pickers import department_picker

TODAY = date(2026, 9, 1)
GROUPS = ["day", "week", "month", "ticket_type", "channel", "campaign", "industry", "company"]


def _vendors() -> Catalog:
    entities = {
        "vendor": [
            Entity("vendor", 4, "Porto Print House", {"aliases": trade_names("printing")}),
            Entity("vendor", 7, "Tagus Kitchens", {"aliases": trade_names("catering")}),
        ]
    }
    return Catalog("t", "T", TODAY, 3, entities)


def test_negated_action_nouns_withhold_the_action() -> None:
    assert withheld_actions("run the checks but hold off on any reminders for now") == {"send"}
    assert withheld_actions("no escalations or reminders today, just the list") >= {
        "send",
        "escalate",
    }
    assert withheld_actions("skip the reminder this time") == {"send"}
    assert withheld_actions("send the reminders to the late owners") == frozenset()


def test_a_real_word_is_not_corrected_into_its_prefixed_opposite() -> None:
    picker = department_picker("analytics")
    assert "usual" in picker.correct("give me the usual numbers").split()
    assert "anomalies" in picker.correct("any anomlies this week").split()


def test_a_vendor_is_named_by_its_trade() -> None:
    assert {"caterer", "caterers", "catering vendor"} <= set(trade_names("catering"))
    assert "photographer" in trade_names("photography")
    assert "catering" not in trade_names("catering")  # the bare trade names a budget line
    catalog = _vendors()
    assert catalog.best("can you chase the caterer again", "vendor").id == 7  # type: ignore[union-attr]
    assert catalog.best("the printing supplier is late", "vendor").id == 4  # type: ignore[union-attr]
    assert catalog.best("how much did catering cost", "vendor") is None


def test_meaning_alone_answers_a_question_rather_than_acting() -> None:
    plan = make_plan(
        department_picker("operations"),
        Request(
            "which suppliers are still unconfirmed and by what date must each confirm", None, TODAY
        ),
    )
    assert plan.steps and "send_reminder" not in plan.steps


def test_which_dimension_asks_for_a_breakdown_by_it() -> None:
    assert enum_value("group_by", GROUPS, "what channel brought in the most buyers") == "channel"
    assert enum_value("group_by", GROUPS, "which industries are best represented") == "industry"
    assert enum_value("group_by", GROUPS, "répartis le public par secteur") == "industry"
    assert enum_value("group_by", GROUPS, "top companies by attendees") == "company"
    assert enum_value("group_by", GROUPS, "how many tickets did we sell") is None


def test_a_past_period_goes_to_the_tool_that_takes_it() -> None:
    picker = department_picker("analytics")
    req = Request("how much revenue did we bring in over June", None, TODAY)
    plan = make_plan(picker, req)
    assert plan.primary == "query_database"
    args = fill_arguments(picker.tools["query_database"], req).args
    assert (args["date_from"], args["date_to"]) == ("2026-06-01", "2026-06-30")
    # A running horizon is not a period asked about; the future is not either.
    assert make_plan(picker, Request("what should we fix this week", None, TODAY)).primary == (
        "recommend_actions"
    )
    assert make_plan(picker, Request("revenue by the end of October?", None, TODAY)).primary != (
        "query_database"
    )


def _lines(tool: str, result: Mapping[str, object], language: str = "en") -> str:
    return "\n".join(summarise_call(CallOutcome(tool, {}, dict(result)), language))


def test_answers_state_the_figures_asked_about() -> None:
    budget = {
        "event_name": "Expo",
        "totals": {"actual": 10.0, "planned": 20.0, "remaining": 7.0, "committed": 3.0},
    }
    assert "$7" in _lines("track_budget", budget)
    assert "7" in _lines("track_budget", budget, "de")
    revenue = {"event": "Expo", "refund_rate_pct": 2.5, "orders_refunded_pct": 3.1}
    assert "Refund rate 2.5%" in _lines("analyze_revenue", {**revenue, "average_order_value": 9})
    pace = {
        "event_name": "Expo",
        "tickets_sold": 50,
        "past_edition": {
            "name": "Expo 2025",
            "tickets_same_point": 40,
            "same_point_date": "2025-09-02",
            "sold_vs_past_pct": 25.0,
            "final_tickets": 90,
        },
    }
    assert "had sold 40 by the same point" in _lines("monitor_ticket_sales", pace)
    company = {"name": "Acme", "signals": [{"detail": "Opened an office", "date": "2026-01-02"}]}
    assert "Latest signal: Opened an office" in _lines("research_company", company)


def test_the_status_report_gives_each_pending_vendors_deadline() -> None:
    report = {
        "event_name": "Expo",
        "sections": {
            "vendors": {
                "counts": {"confirmed": 1, "pending": 2},
                "vendors": [
                    {"name": "A", "status": "pending", "confirm_by": "2026-09-06"},
                    {"name": "B", "status": "confirmed", "confirm_by": "2026-08-01"},
                    {"name": "C", "status": "pending", "confirm_by": "2026-09-19"},
                ],
            }
        },
    }
    text = _lines("generate_status_report", report)
    assert "A: 2026-09-06; C: 2026-09-19" in text
    assert "B: " not in text


def test_a_grouped_figure_names_every_group_or_counts_the_rest() -> None:
    rows = [{"group": f"g{i}", "value": 100 - i} for i in range(30)]
    result = {"event": "Expo", "metric": "attendees", "total": 1, "rows": rows, "row_count": 30}
    text = _lines("query_database", result)
    assert "Largest groups: g0 (100), g1 (99), g2 (98)." in text
    assert "Then: g3 (97)," in text and "g24 (76)." in text and "g25" not in text
    assert "...and 5 more groups." in text
    whole = _lines("query_database", {**result, "rows": rows[:12], "row_count": 12})
    assert "g11 (89)" in whole and "more" not in whole
