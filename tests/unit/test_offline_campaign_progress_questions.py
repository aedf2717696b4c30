""" "How is campaign X going" in es/fr/de counts for analysing that campaign; the plural
("wie laufen unsere Kampagnen") stays a question about all campaigns' metrics."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.offline.request import Request
from tests.offline_pickers import department_picker
from tests.unit.test_sales_support_question_tools import _best


def _trigger(text: str, tool: str) -> float:
    scores = department_picker("marketing").score(Request(text, None, date(2026, 9, 1)))
    return next(s.trigger for s in scores if s.name == tool)


@pytest.mark.parametrize(
    "text",
    [
        "dime cómo va la campaña Speaker spotlight retargeting",
        "Comment marche la campagne LinkedIn community buzz ?",
        "Wie läuft die Kampagne Early-bird email push?",
    ],
)
def test_how_one_campaign_is_going_points_to_analyse_it(text: str) -> None:
    assert _trigger(text, "analyze_campaign") >= 3


def test_all_campaigns_over_a_window_stay_with_the_metrics() -> None:
    text = "Wie laufen unsere Kampagnen in den letzten 7 Tagen?"
    assert _trigger(text, "analyze_campaign") < 3
    assert _best("marketing", text) == "monitor_metrics"
