"""Issue 9: a question about a company's HQ, size or industry researches the company.

Before, "where's Initech based?" or "industry & hq?" went to find_contacts or enrich_lead,
whose answers hold neither the city nor the industry.
"""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.planner import make_plan
from adapters.offline.request import Request
from tests.offline_pickers import department_picker


@pytest.mark.parametrize(
    "text",
    [
        "where's Initech based, and how big are they?",
        "globex - hq + industry?",
        "What industry is Nova AI in?",
        "In welcher Branche ist Kestrel Systems?",
        "¿En qué sector está Globex?",
    ],
)
def test_company_fact_questions_research_the_company(text: str) -> None:
    plan = make_plan(department_picker("research"), Request(text, None, date(2026, 9, 1)))
    assert plan.primary == "research_company"


def test_enrichment_still_enriches() -> None:
    plan = make_plan(
        department_picker("research"), Request("enrich the Initech record", None, date(2026, 9, 1))
    )
    assert plan.primary == "enrich_lead"


@pytest.mark.parametrize(
    "text",
    [
        "acme cloud deal - close date + probability?",
        "¿En qué fase está la oportunidad de Apex Cloud?",
        "what's the win probability on the Kestrel Systems opportunity?",
    ],
)
def test_deal_stage_and_close_questions_read_the_opportunity(text: str) -> None:
    plan = make_plan(department_picker("sales"), Request(text, None, date(2026, 9, 1)))
    assert plan.primary == "qualify_lead"


def test_qualify_answer_states_probability_close_date_and_owner() -> None:
    from adapters.offline.answers import CallOutcome, summarise_call

    result = {
        "lead": {
            "company": "Acme Cloud",
            "opportunity": "Acme Cloud — Platinum",
            "stage": "negotiation",
            "value": 75000.0,
            "probability": 65,
            "expected_close": "2026-09-11",
            "owner": "sales_agent",
        },
        "score": 66.9,
        "grade": "B",
    }
    lines = summarise_call(CallOutcome("qualify_lead", {}, result))
    assert "Win probability 65%, expected close 2026-09-11, owner sales_agent." in lines
    es = summarise_call(CallOutcome("qualify_lead", {}, result), "es")
    assert any("Probabilidad de cierre 65 %" in line for line in es)  # RAE: a space before %


@pytest.mark.parametrize(
    "text",
    [
        "how much is the Silver sponsorship and what do they get for it?",
        "what does a bronze sponsorship cost?",
    ],
)
def test_a_tier_named_with_sponsorship_lists_the_packages(text: str) -> None:
    plan = make_plan(department_picker("sales"), Request(text, None, date(2026, 9, 1)))
    assert plan.primary == "list_packages"
