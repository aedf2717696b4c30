"""What a sponsorship package includes or costs is answered by listing the packages, while
writing or sending about a package is not."""

from __future__ import annotations

import pytest

from tests.unit.test_sales_support_question_tools import _best


@pytest.mark.parametrize(
    "text",
    [
        "what's included in the Bronze package?",
        "how much does the startup tier cost",
        "so what does a Gold sponsor actually get?",
        "¿Qué incluye el paquete Platinum?",
        "Qu'est-ce que comprend le forfait Bronze ?",
        "Was kostet das Silber-Paket?",
    ],
)
def test_package_questions_list_the_packages(text: str) -> None:
    assert _best("sales", text) == "list_packages"


@pytest.mark.parametrize(
    "text",
    [
        "Email lucas.patel@globex.example about our Gold sponsorship package.",
        "draft a proposal for Drift Data with the Silver package",
    ],
)
def test_writing_about_a_package_does_not_list_them(text: str) -> None:
    assert _best("sales", text) != "list_packages"
