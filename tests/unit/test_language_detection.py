"""``domain.language.detect_language`` on requests of my own in the four reply languages:
full sentences, terse commands, unaccented or misspelt ones, and French that shares most
of its short words with Spanish (issue 9: the reply is in the user's language)."""

from __future__ import annotations

import pytest

from domain.language import NAMES, detect_language, language_named

CASES = {
    "en": [
        "Refund ORD-10501",
        "Prepare an A/B test of the reminder campaign subject lines",
        "whats left in the budjet for the summit",
        "pls resend my tiket",
        "Show the orders of Café Lumière",  # a French name in an English request
        "Las Vegas Summit revenue by week",  # a Spanish name, too
        "Research Initech",
    ],
    "es": [
        "Prepara una prueba A/B de los asuntos de la campaña de recordatorio",
        "cuanto presupuesto queda para el evento",  # no accents
        "reembolsa el pedido ORD-10512 porfa",
        "¿Me reenvías la entrada?",
        "kpis de las campañas",
        "Dime los ingresos de hoy",
    ],
    "fr": [
        "Prépare un test A/B des objets de la campagne de rappel",
        "Écris le mail de relance pour les sponsors",
        "verifie la salle stp",  # no accents
        "Crée une campagne pour les étudiants",
        "rembourse ORD-10517 svp",
        "Combien de billets vendus cette semaine ?",
        "Réserve la salle de réunion",
        "Annule la commande ORD-10517, le client ne vient pas",
    ],
    "de": [
        "Erstelle einen A/B-Test der Betreffzeilen der Erinnerungskampagne",
        "bestellung ORD-10501 prüfen",
        "schick die tickets nochmal bitte",
        "Wie viel Umsatz heute?",
        "wieviel budget ist noch ubrig fuer die messe",  # ASCII spellings
        "Storniere die Bestellung ORD-10502",
    ],
}


@pytest.mark.parametrize(
    ("language", "text"), [(lang, text) for lang, texts in CASES.items() for text in texts]
)
def test_the_request_language_is_recognised(language: str, text: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Vérifie que la réservation est faite", "fr"),  # é alone says nothing between es and fr
        ("Qué día es la reunión", "es"),
        ("Ça va être compliqué", "fr"),
        ("Año nuevo, campaña nueva", "es"),
    ],
)
def test_letters_only_one_language_uses_decide_between_spanish_and_french(
    text: str, language: str
) -> None:
    assert detect_language(text) == language


def test_a_request_naming_a_spanish_place_stays_english() -> None:
    assert detect_language("Book the venue in Las Palmas de Gran Canaria") == "en"


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("Spanish", "es"),
        ("castellano", "es"),
        ("Français", "fr"),
        ("francais", "fr"),
        ("Deutsch", "de"),
        (" german ", "de"),
        ("English", "en"),
        ("Klingon", None),
    ],
)
def test_one_table_names_the_languages(name: str, language: str | None) -> None:
    """The reply line and the marketing copy language read names from the same table."""
    from domain.marketing.copy_language import copy_language
    from domain.reply_language import requested_language

    assert language_named(name) == language
    assert copy_language(name) == (language or "en")
    if language not in (None, "en"):
        assert requested_language(f"Check the budget\nReply in {NAMES[language]}.") == language
