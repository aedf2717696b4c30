"""Tool choice for operations, analytics and research requests (issue 9, pattern 6).

"Wie viele Tickets werden wir am Ende verkaufen?" got the figure so far instead of the
forecast, "Was wissen wir über X?" and "look up X" got enrichment or a contact list
instead of the company brief, "next month" gave no window, and "por tipo de entrada"
no grouping.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.offline.dates import future_days
from adapters.offline.entities import Catalog, EntityResolver
from adapters.offline.enums import enum_value
from adapters.offline.planner import make_plan
from adapters.offline.question_kind import kind_bonus, question_kinds
from adapters.offline.request import Request
from adapters.offline.text import normal
from adapters.offline.tool_picker import ToolPicker
from domain.demo import anchors
from evals.tool_choice_eval import _services, department_tools


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("accounts at events in the next 60 days", 60),
        ("who is speaking somewhere next month", 30),
        ("events within the next two weeks", 14),
        ("dans le prochain mois", 30),
        ("anything coming up", None),
    ],
)
def test_a_window_ahead_with_or_without_a_number(text: str, days: int | None) -> None:
    assert future_days(text) == days


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("¿Cuántas entradas hemos vendido por tipo de entrada?", "ticket_type"),
        ("Tickets pro Kategorie", "ticket_type"),
        ("revenus par canal", "channel"),
        ("tickets sold by tier", "ticket_type"),
    ],
)
def test_a_breakdown_in_any_language(text: str, group: str) -> None:
    values = ["day", "week", "month", "ticket_type", "channel", "campaign"]
    assert enum_value("group_by", values, text) == group


def test_a_future_question_rules_out_a_figure_so_far_more_than_a_trigger_adds() -> None:
    kinds = question_kinds(normal("Wie viele Tickets werden wir am Ende verkaufen?"))
    assert "future" in kinds
    assert kind_bonus("query_database", kinds) <= -3.0
    assert kind_bonus("predict_attendance", kinds) > 0


@pytest.fixture(scope="module")
def pickers() -> Iterator[dict[str, tuple[ToolPicker, Catalog]]]:
    from adapters.offline.tool_picker import ToolPicker

    with _services(None) as services:
        resolver = EntityResolver(services.sessions, default_tenant=anchors.TENANT_ID)
        catalog = resolver.catalog(anchors.TENANT_ID)
        yield {
            dept: (ToolPicker(department_tools(dept, services)), catalog)
            for dept in ("research", "analytics", "operations")
        }


@pytest.mark.parametrize(
    ("department", "text", "tool"),
    [
        ("research", "Was wissen wir über Acme Cloud?", "research_company"),
        ("research", "¿Qué sabemos de Initech?", "research_company"),
        ("research", "look up Drift Data", "research_company"),
        ("research", "look up elena.lindgren@acmecloud.example", "research_contact"),
        (
            "analytics",
            "Wie viele Tickets werden wir am Ende voraussichtlich verkaufen?",
            "predict_attendance",
        ),
    ],
)
def test_the_tool_that_answers_the_question(
    pickers: dict[str, tuple[ToolPicker, Catalog]], department: str, text: str, tool: str
) -> None:
    picker, catalog = pickers[department]
    assert make_plan(picker, Request(text, catalog, catalog.today)).primary == tool


@pytest.mark.parametrize(
    "text",
    [
        "Don't email anyone, just tell me which vendors haven't confirmed yet",
        "¿Qué proveedores no han confirmado todavía?",
        "pending vendors?",
    ],
)
def test_a_question_about_vendor_confirmations_gets_the_status_report(
    pickers: dict[str, tuple[ToolPicker, Catalog]], text: str
) -> None:
    picker, catalog = pickers["operations"]
    assert make_plan(picker, Request(text, catalog, catalog.today)).primary == (
        "generate_status_report"
    )


def test_a_command_to_remind_a_vendor_still_reminds(
    pickers: dict[str, tuple[ToolPicker, Catalog]],
) -> None:
    picker, catalog = pickers["operations"]
    text = "nudge TranslateNow, they still haven't confirmed"
    assert make_plan(picker, Request(text, catalog, catalog.today)).primary == "send_reminder"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Quel est le chiffre d'affaires ?", "quel est le chiffre d affaires"),
        ("qu'est-ce qu'on sait sur l'entreprise", "qu est ce qu on sait sur l entreprise"),
        ("don't send Acme's brief", "dont send acme brief"),
    ],
)
def test_a_french_elision_is_a_word_of_its_own(text: str, words: str) -> None:
    assert normal(text) == words


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("Quel est le chiffre d'affaires à ce jour ?", "analyze_revenue"),
        ("Gibt es Auffälligkeiten bei den Stornierungen?", "identify_anomalies"),
    ],
)
def test_analytics_questions_in_french_and_german(
    pickers: dict[str, tuple[ToolPicker, Catalog]], text: str, tool: str
) -> None:
    picker, catalog = pickers["analytics"]
    assert make_plan(picker, Request(text, catalog, catalog.today)).primary == tool


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        (
            "analyse revenue and then suggest marketing actions",
            ["analyze_revenue", "recommend_actions"],
        ),
        ("how's the summit doing overall?", ["generate_report"]),
    ],
)
def test_two_analytics_asks_both_run_and_a_casual_overview_gets_the_report(
    pickers: dict[str, tuple[ToolPicker, Catalog]], text: str, steps: list[str]
) -> None:
    picker, catalog = pickers["analytics"]
    assert make_plan(picker, Request(text, catalog, catalog.today)).steps == steps


def test_a_french_relance_is_a_reminder(pickers: dict[str, tuple[ToolPicker, Catalog]]) -> None:
    picker, catalog = pickers["operations"]
    text = "relance Harbor Catering pour la confirmation"
    assert make_plan(picker, Request(text, catalog, catalog.today)).primary == "send_reminder"
