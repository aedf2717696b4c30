"""Issue 9, pattern 6: the question's grammar chooses between tools of one subject.

Requests of my own (not in any eval set): the future asks for the forecast, "should
we" for recommendations, a casual "catch me up" for the day's report.
"""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.planner import make_plan
from adapters.offline.question_kind import FUTURE_PENALTY, KIND_WEIGHT, kind_bonus, question_kinds
from adapters.offline.request import Request
from adapters.offline.text import normal
from tests.offline_pickers import department_picker


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("what will the final ticket count be", {"future"}),
        ("¿Cuántas entradas vamos a vender?", {"future"}),
        ("combien de billets seront vendus au final", {"future"}),
        ("Wie viele Tickets werden wir verkaufen?", {"future"}),
        ("how many tickets have we sold so far", set()),
        ("what should we do to hit the attendance target", {"advice"}),
        ("Que devrions-nous faire cette semaine ?", {"advice"}),
        ("Was sollen wir jetzt tun?", {"advice"}),
        ("hows it looking today", {"overview"}),
        ("catch me up on the event", {"overview"}),
        ("refund order ORD-10501", set()),
        ("are we gonna make our 5k goal or not", {"future"}),
        ("¿Llegaremos a la meta de asistentes?", {"future"}),
        ("Erreichen wir unser Ticketziel?", {"future"}),
        ("have we reached the revenue goal", set()),
        ("some quick ideas for getting more signups?", {"advice"}),
        ("des idées pour relancer les ventes ?", {"advice"}),
    ],
)
def test_question_kinds(text: str, kinds: set[str]) -> None:
    assert question_kinds(normal(text)) == kinds


def test_only_the_tools_that_answer_a_kind_gain() -> None:
    assert kind_bonus("predict_attendance", frozenset({"future"})) == KIND_WEIGHT
    assert kind_bonus("analyze_revenue", frozenset({"future"})) == 0.0
    assert kind_bonus("recommend_actions", frozenset()) == 0.0


def test_a_figure_so_far_loses_on_a_question_about_the_future() -> None:
    assert kind_bonus("query_database", frozenset({"future"})) == -FUTURE_PENALTY
    assert kind_bonus("query_database", frozenset({"advice"})) == 0.0
    assert kind_bonus("query_database", frozenset()) == 0.0


@pytest.mark.parametrize(
    ("department", "text", "tool"),
    [
        ("analytics", "¿Cuántas entradas vamos a vender?", "predict_attendance"),
        ("analytics", "what should we do to hit our attendance target?", "recommend_actions"),
        ("analytics", "Que devrions-nous faire cette semaine ?", "recommend_actions"),
        ("analytics", "catch me up on today", "generate_report"),
        ("analytics", "how many tickets have we sold so far", "query_database"),
        # future perfect: the count on a day still to come is a forecast, not sales so far
        ("analytics", "how many tickets will be sold in total by the event", "predict_attendance"),
        ("analytics", "total tickets we will have sold when doors open", "predict_attendance"),
        ("analytics", "number of tickets sold per week", "query_database"),
        ("operations", "give me the morning ops rundown", "generate_status_report"),
    ],
)
def test_the_kind_of_question_picks_the_tool(department: str, text: str, tool: str) -> None:
    plan = make_plan(department_picker(department), Request(text, None, date(2026, 9, 1)))
    assert plan.primary == tool
