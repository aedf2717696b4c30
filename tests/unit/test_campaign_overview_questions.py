"""How the campaigns are doing, in any language, and which has the most budget: the
metrics overview answers both, listing every campaign with its budget and spend."""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.answers import CallOutcome, summarise_call
from adapters.offline.enums import enum_value
from adapters.offline.planner import make_plan
from adapters.offline.request import Request
from tests.offline_pickers import department_picker


@pytest.mark.parametrize(
    "text",
    [
        "Wie stehen die Kampagnen diese Woche da?",
        "¿Cómo van las campañas este mes?",
        "Comment vont nos campagnes depuis lundi ?",
        "what's the total budget per campaign?",
        "which campaign spent the most?",
        "what's our strongest performing campaign",
        "which campaigns did worst this month?",
    ],
)
def test_campaign_overview_questions_pick_the_metrics(text: str) -> None:
    plan = make_plan(department_picker("marketing"), Request(text, None, date(2026, 9, 1)))
    assert plan.primary == "monitor_metrics"


def _campaign(name: str, budget: int, spend: float, rates: dict[str, float]) -> dict[str, object]:
    return {
        "campaign": {"name": name, "budget": budget},
        "rates": rates,
        "economics": {"spend": spend},
    }


def test_every_campaign_is_listed_with_budget_even_without_an_open_rate() -> None:
    result = {
        "event": {"name": "Summit"},
        "window": {"start": "2026-08-25", "end": "2026-08-31"},
        "alert_counts": {"critical": 0, "warning": 0, "info": 0},
        "campaigns": [
            _campaign(
                "Mail one",
                5000,
                10.0,
                {"open_rate": 0.3, "click_rate": 0.02, "conversion_rate": 0.01},
            ),
            _campaign("Social two", 9000, 20.0, {"click_rate": 0.01, "conversion_rate": 0.0}),
        ],
    }
    text = "\n".join(summarise_call(CallOutcome("monitor_metrics", {}, result)))
    assert "Social two (budget $9000" in text.replace(",", "")
    assert "Mail one (budget $5000" in text.replace(",", "")


@pytest.mark.parametrize(
    "text",
    [
        "Escribe dos asuntos para la newsletter",
        "Propose trois objets pour la newsletter",
        "Schreib zwei Betreffzeilen für den Newsletter",
    ],
)
def test_subject_lines_are_recognised_in_every_language(text: str) -> None:
    kinds = ["email", "social", "landing", "cta", "subject"]
    assert enum_value("kind", kinds, text) == "subject"
