"""A person named by first name or role at a named company is that company's contact."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.offline.contact_pick import contact_named_at_company
from adapters.offline.entities import Catalog, Entity
from adapters.offline.request import Request

_PEOPLE = [
    (1, "Elena Lindgren", 10, "Account Executive"),
    (2, "Mateo Schmidt", 10, "Chief Marketing Officer"),
    (3, "Emma Rossi", 10, "VP Engineering"),
    (4, "Chloe Fernandes", 11, "Director of Developer Relations"),
    (5, "Chloe Larsen", 11, "Engineering Manager"),
    (6, "Samuel Costa", 12, "VP Marketing"),
    (7, "Felix Brennan", 12, "Marketing Specialist"),
]


def _catalog() -> Catalog:
    companies = [
        Entity("company", 10, "Acme Cloud"),
        Entity("company", 11, "Willow Data"),
        Entity("company", 12, "Zenith Health"),
    ]
    contacts = [
        Entity(
            "contact",
            cid,
            name,
            {
                "email": name.lower().replace(" ", ".") + "@x.example",
                "company_id": company,
                "first_name": name.split()[0],
                "title": title,
            },
        )
        for cid, name, company, title in _PEOPLE
    ]
    return Catalog("t", "T", date(2026, 9, 1), None, {"company": companies, "contact": contacts})


@pytest.mark.parametrize(
    ("text", "contact_id"),
    [
        ("Could you see to it that Elena at Acme Cloud gets a note about Gold?", 1),
        ("email the CMO at Acme Cloud about Platinum", 2),
        ("write to the VP of engineering at Acme Cloud", 3),
        ("email the VP of marketing at Zenith Health about our Bronze package", 6),
        ("¿Puedes mandarle a Samuel de Zenith Health un correo?", 6),
    ],
)
def test_first_name_or_role_picks_the_contact(text: str, contact_id: int) -> None:
    found = contact_named_at_company(Request(text, _catalog(), date(2026, 9, 1)))
    assert found is not None and found.id == contact_id


@pytest.mark.parametrize(
    "text",
    [
        "email Chloe at Willow Data",  # two Chloes: nobody is chosen
        "email Acme Cloud about Gold",  # no person named
        "email the CTO at Acme Cloud",  # no such role there
        "email Elena about Gold",  # no company named
    ],
)
def test_no_single_fit_chooses_nobody(text: str) -> None:
    assert contact_named_at_company(Request(text, _catalog(), date(2026, 9, 1))) is None
