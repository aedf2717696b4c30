"""A pipeline question that names when deals close lists only the deals closing then.

"Which deals are closing next week?" once listed the whole open pipeline. The window is
read forward (a deal's expected close lies ahead), only where the request speaks of deals
closing or being signed, and the answer states the window it covers.
"""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.argument_fill import fill_arguments
from adapters.offline.close_windows import closing_window
from adapters.offline.request import Request
from domain.sales.pipeline import review_pipeline
from domain.scope import Scope
from tests.offline_pickers import department_picker
from tools.registry import ToolArgumentError, get_tool, parse_args

MONDAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("which deals are closing next week?", (date(2026, 12, 14), date(2026, 12, 20))),
        ("anything set to close this month", (MONDAY, date(2026, 12, 31))),
        ("deals likely to close before the end of the quarter", (MONDAY, date(2026, 12, 31))),
        ("who's signing by Friday?", (MONDAY, date(2026, 12, 11))),
        ("deals closing in March", (date(2027, 3, 1), date(2027, 3, 31))),
        ("opps closing in the next 45 days", (MONDAY, date(2027, 1, 21))),
        ("any deal due to close before 20 December?", (MONDAY, date(2026, 12, 20))),
        ("¿qué tratos se cierran la semana que viene?", (date(2026, 12, 14), date(2026, 12, 20))),
        ("quelles affaires se clôturent ce mois-ci ?", (MONDAY, date(2026, 12, 31))),
        (
            "Welche Deals werden nächsten Monat abgeschlossen?",
            (date(2027, 1, 1), date(2027, 1, 31)),
        ),
    ],
)
def test_a_stated_close_window_is_read_forward(text: str, window: tuple[date, date]) -> None:
    assert closing_window(text, MONDAY) == window


@pytest.mark.parametrize(
    "text",
    [
        "pipeline review for next week's meeting",  # no deal closing is spoken of
        "which deals did we close last month?",  # closed: the stage says so, not a window
        "welche Deals wurden letzte Woche abgeschlossen?",
        "how many deals are in negotiation?",
    ],
)
def test_no_window_without_deals_closing_ahead(text: str) -> None:
    assert closing_window(text, MONDAY) == (None, None)


def test_the_window_search_stays_linear_on_a_long_paste() -> None:
    assert closing_window("werden " * 4_000 + "closing", MONDAY) == (None, None)


def test_the_offline_model_fills_the_window_of_the_pipeline_review() -> None:
    picker = department_picker("sales")
    filled = fill_arguments(
        picker.tools["review_pipeline"], Request("deals closing next week?", None, MONDAY)
    )
    assert filled.args["closing_from"] == "2026-12-14"
    assert filled.args["closing_to"] == "2026-12-20"


def test_only_deals_closing_in_the_window_are_listed(sqlite_scope: Scope) -> None:
    every = review_pipeline(sqlite_scope)
    closes = sorted(d["expected_close"] for d in every["deals"] if d["expected_close"])
    start, end = closes[len(closes) // 3], closes[2 * len(closes) // 3]
    window = review_pipeline(sqlite_scope, closing_from=start, closing_to=end, limit=100)
    assert 0 < window["count"] < every["count"]
    assert all(start <= d["expected_close"] <= end for d in window["deals"])
    assert (window["closing_from"], window["closing_to"]) == (start.isoformat(), end.isoformat())
    assert "closing_from" not in every


def test_a_window_that_ends_before_it_starts_is_refused() -> None:
    spec = get_tool("review_pipeline")
    with pytest.raises(ToolArgumentError, match="closing_from"):
        parse_args(spec, {"closing_from": "2026-12-20", "closing_to": "2026-12-14"})
