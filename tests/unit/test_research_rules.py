"""Research rules on plain values: titles, size bands, regions, email shape."""

from __future__ import annotations

import pytest

from domain.research.email_verification import domain_matches, is_email_syntax
from domain.research.people import infer_department, infer_seniority
from domain.research.reference_data import REGION_BY_COUNTRY, size_band_for, timezone_for


@pytest.mark.parametrize(
    ("title", "seniority", "department"),
    [
        ("Chief Marketing Officer", "c_level", "marketing"),
        ("VP Partnerships", "vp", "partnerships"),
        ("Director of Events", "director", "events"),
        ("Head of Brand", "director", "marketing"),
        ("Sponsorship Manager", "manager", "partnerships"),
        ("Solutions Engineer", "ic", "sales"),
        ("Data Scientist", "ic", "engineering"),
        ("Office Coordinator", "ic", None),
    ],
)
def test_title_inference(title: str, seniority: str, department: str | None) -> None:
    assert infer_seniority(title) == seniority
    assert infer_department(title) == department


@pytest.mark.parametrize(
    ("employees", "band"),
    [
        (1, "1-50"),
        (50, "1-50"),
        (51, "51-200"),
        (1000, "201-1000"),
        (10000, "5001-10000"),
        (10001, "10000+"),
    ],
)
def test_size_bands(employees: int, band: str) -> None:
    assert size_band_for(employees) == band


def test_places() -> None:
    assert REGION_BY_COUNTRY["Japan"] == "APAC"
    assert REGION_BY_COUNTRY["Nigeria"] == "EMEA"
    assert timezone_for("United States", "San Francisco") == "America/Los_Angeles"
    assert timezone_for("Germany", "Munich") == "Europe/Berlin"
    assert timezone_for("United States", "Des Moines") is None


@pytest.mark.parametrize(
    ("address", "ok"),
    [
        ("ava.kim@acme.example", True),
        ("a+tag@sub.acme.io", True),
        ("bad@@x", False),
        ("no-at.example", False),
        (".dot@acme.com", False),
        ("a..b@acme.com", False),
        ("a@acme", False),
        ("a b@acme.com", False),
    ],
)
def test_email_syntax(address: str, ok: bool) -> None:
    assert is_email_syntax(address) is ok


def test_domain_matches_subdomains_only() -> None:
    assert domain_matches("eu.acme.example", "acme.example")
    assert domain_matches("ACME.example", "acme.example")
    assert not domain_matches("notacme.example", "acme.example")
