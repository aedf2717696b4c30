"""Issue 9 (dev_e2e_y): a name a request sets aside ("anyone at Drift Data apart from
Amara Chen") is not what the request is about."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.offline.entities import Catalog, Entity
from adapters.offline.request import Request
from domain.exclusions import without_excluded


@pytest.mark.parametrize(
    "text",
    [
        "who else do we know at Drift Data apart from Amara Chen?",
        "anyone at Drift Data except Amara Chen",
        "¿A quién conocemos en Drift Data aparte de Amara Chen?",
        "Qui connaissons-nous chez Drift Data sauf Amara Chen ?",
        "Wen kennen wir bei Drift Data außer Amara Chen?",
    ],
)
def test_the_set_aside_name_is_dropped_and_the_company_kept(text: str) -> None:
    rest = without_excluded(text)
    assert "Amara Chen" not in rest
    assert "Drift Data" in rest


def test_a_set_aside_contact_is_not_the_requests_contact() -> None:
    company = Entity("company", 12, "Drift Data", {})
    amara = Entity("contact", 36, "Amara Chen", {"company_id": 12, "first_name": "Amara"})
    catalog = Catalog(
        tenant_id="t",
        tenant_name="t",
        today=date(2026, 9, 1),
        current_event_id=None,
        entities={"company": [company], "contact": [amara]},
    )
    aside = Request(
        "who else do we know at Drift Data apart from Amara Chen?", catalog, date(2026, 9, 1)
    )
    named = Request("what does Amara Chen at Drift Data do?", catalog, date(2026, 9, 1))
    assert aside.entity("contact") is None
    assert aside.entity("company") == company
    assert named.entity("contact") == amara
