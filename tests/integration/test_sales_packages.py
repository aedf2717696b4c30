"""``list_packages`` on the demo tenant: every package of the upcoming event, dearest first."""

from __future__ import annotations

from sqlalchemy import select

from domain.lookups import resolve_event
from domain.models import SponsorshipPackage
from domain.scope import Scope
from tools import call_tool


def test_list_packages_gives_price_slots_and_benefits_of_the_upcoming_event(scope: Scope) -> None:
    event = resolve_event(scope, None)
    stored = scope.session.scalars(
        select(SponsorshipPackage).where(
            SponsorshipPackage.tenant_id == scope.tenant_id,
            SponsorshipPackage.event_id == event.id,
        )
    ).all()
    result = call_tool("list_packages", {}, scope)
    assert result["event"]["id"] == event.id
    assert result["total"] == len(stored) > 1
    prices = [p["price"] for p in result["packages"]]
    assert prices == sorted(prices, reverse=True)
    gold = next(p for p in result["packages"] if p["name"] == "Gold")
    row = next(p for p in stored if p.name == "Gold")
    assert gold["price"] == float(row.price)
    assert gold["benefits"] == list(row.benefits)
    assert gold["slots"] == row.slots
