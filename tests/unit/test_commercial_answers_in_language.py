"""Sales and marketing answers follow the request's language, as support's already did."""

from __future__ import annotations

from adapters.offline.answers import CallOutcome, summarise_call
from domain.language import detect_language
from evals.e2e_checks import detect_language as eval_language

CONTACTS = {
    "company": "Initech",
    "total": 4,
    "contacts": [
        {"name": "Olivia Okafor", "title": "Director of Events", "email": "o@initech.example"},
        {"name": "Nikolai Lindgren", "title": "Account Executive", "email": "n@initech.example"},
        {"name": "Sam Okafor", "title": "Sponsorship Manager", "email": "s@initech.example"},
    ],
}


def test_short_requests_with_common_verbs_are_recognised() -> None:
    assert detect_language("Tu peux me donner les contacts chez Initech ?") == "fr"
    assert detect_language("Dime los contactos de Initech") == "es"
    assert detect_language("Zeig mir die Kontakte bei Initech") == "de"
    assert detect_language("Can you show me the contacts at Initech") == "en"


def test_a_contact_list_is_written_in_each_language_with_the_rest_counted() -> None:
    call = CallOutcome("find_contacts", {"company": "Initech"}, CONTACTS)
    for language in ("es", "fr", "de"):
        text = "\n".join(summarise_call(call, language))
        assert eval_language(text) == language, text
        assert "Olivia Okafor" in text and "Sam Okafor" in text
        assert "1" in text.splitlines()[-1]  # "...y 1 más" and its siblings


def test_campaign_figures_are_translated_too() -> None:
    result = {
        "campaign_name": "Agenda launch newsletter",
        "rates": {"open_rate": 0.31, "click_rate": 0.04, "conversion_rate": 0.02},
        "days": list(range(30)),
        "economics": {"spend": 1200.5, "revenue": 9000, "roas": 7.5},
    }
    call = CallOutcome("analyze_campaign", {"campaign_id": 3}, result)
    text = "\n".join(summarise_call(call, "fr"))
    assert eval_language(text) == "fr", text
    assert "Agenda launch newsletter" in text
