"""Issue 9 (dev_e2e_y): a question about a deal's stage or worth, however it names the
deal ("which stage they're in", "elle vaut combien", "ist der Deal noch in
negotiation?"), is answered by the deal's qualification, not by a contact list or a CRM
update."""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.request import Request
from tests.offline_pickers import department_picker


@pytest.mark.parametrize(
    "text",
    [
        "Drift Data, I just want to know which stage they're in",
        "Kestrel Systems. Elle vaut combien, cette opportunité ?",
        "Ist der Deal mit Drift Data noch in negotiation und wie viel ist er wert?",
        "what stage is Harbor Cloud at?",
    ],
)
def test_a_stage_or_worth_question_reads_the_deal(text: str) -> None:
    best = department_picker("sales").score(Request(text, None, date(2026, 9, 1)))[0]
    assert best.name == "qualify_lead"


def test_moving_a_deal_to_a_stage_is_still_an_update() -> None:
    text = "Move Drift Data to negotiation"
    best = department_picker("sales").score(Request(text, None, date(2026, 9, 1)))[0]
    assert best.name == "update_crm"
