"""Issue 9: the verb a request opens with names the job, and indirect asks (a worry, a
report of what someone said, a "can one...?" question) find the tool that answers them."""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.planner import make_plan
from adapters.offline.request import Request
from tests.offline_pickers import department_picker

TUESDAY = date(2026, 9, 1)
KB = "search_knowledge_base"


def _plan(department: str, text: str) -> tuple[list[str], str | None]:
    plan = make_plan(department_picker(department), Request(text, None, TUESDAY))
    return plan.steps, plan.primary


def test_an_opening_send_makes_the_reminder_the_job_and_the_report_its_evidence() -> None:
    steps, primary = _plan("operations", "remind Dana about her late deliverables please")
    assert primary == "send_reminder"
    assert steps.index("check_deliverables") < steps.index("send_reminder")


def test_a_question_about_late_deliverables_stays_a_report() -> None:
    _steps, primary = _plan("operations", "which deliverables are late?")
    assert primary == "check_deliverables"


@pytest.mark.parametrize(
    ("department", "text", "tool"),
    [
        ("operations", "feels like we are overspending on catering", "track_budget"),
        ("support", "check the help center on refunds for group bookings", KB),
        ("support", "Une cliente demande si elle peut venir avec un chien", KB),
        ("support", "¿Se puede aparcar cerca del recinto?", KB),
        ("marketing", "wie viele Anmeldungen hat die Kampagne gebracht?", "analyze_campaign"),
        ("research", "I heard Globex has been expanding into Europe", "research_company"),
        ("analytics", "the board wonders whether we'll hit our ticket goal", "predict_attendance"),
    ],
)
def test_indirect_asks_find_their_tool(department: str, text: str, tool: str) -> None:
    assert _plan(department, text)[1] == tool
