"""Names, addresses and ids are taken out of what the sentence model reads.

Issue 9, pattern 3's routing side: "Ask Sam Lee at Globex..." scored below the 0.85
threshold because the model read the names as words.
"""

from __future__ import annotations

from nodes.routing import route
from nodes.routing.classifier import trained_classifier, training_examples
from nodes.routing.names import ProperNames
from nodes.routing.router import CONFIDENCE_THRESHOLD

NAMES = ProperNames.learn(text for text, _ in training_examples())


def test_capitalised_names_inside_a_sentence_are_dropped() -> None:
    assert NAMES.mask("Ask Sam Lee at Globex for an update on the catering") == (
        "Ask at for an update on the catering"
    )


def test_a_company_the_training_file_capitalises_is_a_name_in_lower_case_too() -> None:
    assert "globex" in NAMES.names
    assert NAMES.mask("did globex ever sign?") == "did ever sign?"


def test_two_unknown_words_around_at_are_a_person_at_a_company() -> None:
    assert NAMES.mask("give jordan at zorblax a discount") == "give a discount"
    assert NAMES.mask("Remind the venue about the catering at noon") == (
        "Remind the venue about the catering at noon"
    )


def test_addresses_become_their_kind_and_order_numbers_stay() -> None:
    assert NAMES.mask("verify li@globex.example now") == "verify email now"
    assert NAMES.mask("Refund ORD-10502 please") == "Refund ORD-10502 please"


def test_sentence_starts_acronyms_and_brand_spellings_stay() -> None:
    text = "Draft three LinkedIn posts; Check the AV budget and the CRM."
    assert NAMES.mask(text) == text


def test_german_requests_keep_their_capitalised_nouns() -> None:
    text = "Prüfe das Budget und dann starte die Kampagne bei Globex."
    assert NAMES.mask(text) == text


def test_the_trained_classifier_masks_with_names_learned_from_its_training_file() -> None:
    assert trained_classifier().names == NAMES


def test_a_named_person_at_a_named_company_routes_with_confidence() -> None:
    decision = route("Ask Sam Lee at Globex for an update on the catering")
    assert decision["agents"] == ["operations"]
    assert decision["confidence"] >= CONFIDENCE_THRESHOLD
    assert decision["llm_calls"] == 0
