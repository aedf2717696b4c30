"""A question about a person or company reads the profile; it never fills the record
(issue 9: "what's missing from Meridian Systems' record?" ran the enrichment, a write)."""

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
        "what's missing from the contact's record?",
        "any gaps in this company's profile?",
        "is the lead's record complete, or are fields missing?",
        "¿le falta algún dato a la ficha del contacto?",
    ],
)
def test_a_question_gets_no_enrichment(text: str) -> None:
    plan = make_plan(department_picker("research"), Request(text, None, date(2026, 9, 1)))
    assert "enrich_lead" not in plan.steps


def test_an_instruction_still_enriches() -> None:
    plan = make_plan(
        department_picker("research"),
        Request("enrich contact 139 and fill the gaps in the record", None, date(2026, 9, 1)),
    )
    assert "enrich_lead" in plan.steps
