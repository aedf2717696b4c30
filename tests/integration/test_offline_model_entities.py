"""The offline model's catalog of names, on SQLite and Postgres."""

from __future__ import annotations

from datetime import date

from adapters.offline.entities import build_catalog
from domain.scope import Scope


def test_catalog_holds_the_tenant_names(scope: Scope) -> None:
    catalog = build_catalog(scope.session, "demo", None)
    assert catalog.tenant_name == "Northwind Events"
    assert catalog.today == date(2026, 9, 1)
    assert catalog.by_id("event", catalog.current_event_id or 0).name == "Northwind AI Summit 2026"  # type: ignore[union-attr]
    counts = {kind: len(items) for kind, items in catalog.entities.items()}
    assert counts["company"] == 200
    assert counts["contact"] == 600
    assert counts["campaign"] == 4
    assert counts["opportunity"] == 60
    assert counts["vendor"] == 10


def test_catalog_finds_records_by_name_alias_and_email(scope: Scope) -> None:
    catalog = build_catalog(scope.session, "demo", None)

    def best(text: str, kind: str) -> str | None:
        found = catalog.best(text, kind)
        return found.name if found else None

    assert best("how is the early-bird campaign doing", "campaign") == "Early-bird email push"
    assert best("venue & av overrun", "budget_line") == "Venue & AV"
    assert best("fintech sponsors", "industry") == "Fintech"
    assert best("the 2025 summit", "event") is None
    contact = catalog.by_attr("contact", "email", "sam.okafor@initech.example")
    assert [c.name for c in contact] == ["Sam Okafor"]
    deal = [e for e in catalog.by_attr("opportunity", "company_id", 1) if e.attrs["open"]]
    assert [d.name for d in deal] == ["Acme Cloud — Platinum"]


def test_another_tenant_sees_none_of_these_names(scope: Scope) -> None:
    catalog = build_catalog(scope.session, "nobody", None)
    assert catalog.find("research Acme Cloud", "company") == []
    assert catalog.current_event_id is None


def test_a_meeting_with_a_first_name_at_a_named_company_needs_no_title_question(
    scope: Scope,
) -> None:
    """Issue 9, pattern 3: "Olivia from Initech" is clear enough to title the invite."""
    from adapters.offline.argspec import ArgSpec
    from adapters.offline.drafting import TEXT_FILLERS
    from adapters.offline.request import Request

    catalog = build_catalog(scope.session, "demo", None)
    title = ArgSpec(tool="schedule_meeting", name="title", schema={"type": "string"})
    meeting = Request(
        "Book a meeting with Olivia from Initech next Tuesday", catalog, catalog.today
    )
    assert TEXT_FILLERS["title"](meeting, title) == "Call with Initech"
    nobody = Request("Book a meeting next Tuesday", catalog, catalog.today)
    assert TEXT_FILLERS["title"](nobody, title) is None
