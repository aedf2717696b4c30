"""``Catalog.find`` remembers its answers per catalog: same answers, never another tenant's."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.offline import entities
from adapters.offline.entities import Catalog, Entity

TEXT = "How are the Harbor Robotics and Bluebio deals going?"


def _catalog(tenant: str, companies: list[str]) -> Catalog:
    items = [Entity("company", i + 1, name) for i, name in enumerate(companies)]
    return Catalog(
        tenant_id=tenant,
        tenant_name=tenant,
        today=date(2026, 9, 1),
        current_event_id=None,
        entities={"company": items},
    )


def _names(catalog: Catalog, text: str = TEXT) -> list[str]:
    return [m.entity.name for m in catalog.find(text, "company")]


def test_a_remembered_answer_is_the_computed_one() -> None:
    catalog = _catalog("a", ["Harbor Robotics", "Bluebio"])
    fresh = catalog._find(TEXT, "company")
    assert catalog.find(TEXT, "company") == fresh
    assert catalog.find(TEXT, "company") == fresh  # from the memo now
    assert [m.entity.name for m in fresh] == ["Harbor Robotics", "Bluebio"]


def test_each_tenants_catalog_answers_from_its_own_names() -> None:
    first = _catalog("a", ["Harbor Robotics"])
    second = _catalog("b", ["Bluebio"])
    assert _names(first) == ["Harbor Robotics"]
    assert _names(second) == ["Bluebio"]  # the same text, not tenant a's memo
    assert _names(first) == ["Harbor Robotics"]


def test_a_rebuilt_catalog_starts_with_nothing_remembered() -> None:
    before = _catalog("a", ["Harbor Robotics"])
    assert _names(before) == ["Harbor Robotics"]
    after = _catalog("a", ["Harbor Robotics", "Bluebio"])  # what a refresh builds
    assert _names(after) == ["Harbor Robotics", "Bluebio"]


def test_a_caller_changing_the_list_it_got_does_not_change_the_memo() -> None:
    catalog = _catalog("a", ["Harbor Robotics", "Bluebio"])
    catalog.find(TEXT, "company").clear()
    assert _names(catalog) == ["Harbor Robotics", "Bluebio"]


def test_the_memo_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(entities, "FOUND_MEMO_SIZE", 3)
    catalog = _catalog("a", ["Harbor Robotics"])
    for n in range(10):
        assert _names(catalog, f"Harbor Robotics deal {n}") == ["Harbor Robotics"]
    assert len(catalog._found) <= 3
