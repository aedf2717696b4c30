"""Number words and counted nouns in es/fr/de set how many variants or items to ask for."""

from __future__ import annotations

import pytest

from adapters.offline import extract
from adapters.offline.count_units import LIST_UNITS, VARIANT_UNITS


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Redacta tres publicaciones para Instagram sobre el catering", 3),
        ("Schreib vier LinkedIn-Posts zur Keynote", 4),
        ("Propose cinq idées pour la page d'accueil", 5),
        ("zwei Betreffzeilen für den Newsletter", 2),
        ("draft two X-posts about the venue", 2),
    ],
)
def test_variant_count_in_any_language(text: str, count: int) -> None:
    assert extract.count_before(text, ("posts", *VARIANT_UNITS)) == count


def test_list_count_in_spanish() -> None:
    assert extract.count_before("búscame cuatro empresas de salud", LIST_UNITS) == 4


def test_no_count_without_a_counted_noun() -> None:
    assert extract.count_before("Escribe publicaciones para LinkedIn", VARIANT_UNITS) is None
