"""Operations, analytics and research requests the offline path missed (round k).

Requests of my own, not from any eval set, one test per mechanism:
- a vendor is named by its trade with a people word ("the printing folks");
- a vendor's distinctive one-word name is found misspelt ("Tagos" for Tagus);
- a company's whole name is not read as a vendor's shortened one, nor the reverse.
"""

from __future__ import annotations

from datetime import date

from adapters.offline.catalog_loader import trade_names
from adapters.offline.entities import Catalog, Entity

TODAY = date(2026, 9, 1)


def _catalog() -> Catalog:
    entities = {
        "vendor": [
            Entity("vendor", 4, "Porto Print House", {"aliases": trade_names("printing")}),
            Entity("vendor", 7, "Tagusriver Kitchens", {"aliases": trade_names("catering")}),
            Entity("vendor", 9, "Brightlights", {"aliases": trade_names("lighting")}),
        ],
        "company": [
            Entity("company", 21, "Porto Dynamics"),
            Entity("company", 22, "Porto Labs"),
            Entity("company", 30, "Quillfeather"),
        ],
    }
    return Catalog("t", "T", TODAY, 3, entities)


def _names(text: str, kind: str) -> list[str]:
    return [m.entity.name for m in _catalog().find(text, kind)]


def test_a_trade_with_a_people_word_names_its_vendor() -> None:
    assert _names("the printing folks never answered", "vendor") == ["Porto Print House"]
    assert _names("ask the catering team to confirm", "vendor") == ["Tagusriver Kitchens"]
    assert _names("the lighting people are late", "vendor") == ["Brightlights"]


def test_a_misspelt_one_word_vendor_name_is_found() -> None:
    assert _names("nudge tagusrivers about the booking", "vendor") == ["Tagusriver Kitchens"]
    assert _names("has brightlight confirmed?", "vendor") == ["Brightlights"]


def test_a_short_or_unrelated_word_is_not_a_vendor() -> None:
    assert _names("brighten the stage for the keynote", "vendor") == []
    assert _names("print the badges", "vendor") == []


def test_a_company_whole_name_is_not_a_vendor_shortened_name() -> None:
    # "Porto" alone names the one vendor that starts with it, but "Porto Labs" is a company.
    assert _names("remind porto about the booklet", "vendor") == ["Porto Print House"]
    assert _names("remind Porto Labs about their booking", "vendor") == []
    assert _names("research Porto Labs", "company") == ["Porto Labs"]
