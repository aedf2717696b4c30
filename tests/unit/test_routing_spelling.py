"""The router's typo tolerance (``nodes.routing.spelling``)."""

from __future__ import annotations

from nodes.routing.classifier import best, trained_classifier
from nodes.routing.spelling import Speller, edit_distance

_TRAINING = [
    "send the invoice reminder to the florist",
    "send the invoice reminder today",
    "schedule the invoice review",
    "schedule a review of the florist invoice",
    "plan the timeline",
    "plan the timelines",
]


def _speller(extra: tuple[str, ...] = ()) -> Speller:
    return Speller.learn(_TRAINING * 3, extra)


def test_edit_distance_counts_a_swap_as_one_edit() -> None:
    assert edit_distance("florsit", "florist") == 1
    assert edit_distance("invoce", "invoice") == 1
    assert edit_distance("florist", "flowers") > 1


def test_a_misspelt_training_word_is_read_as_that_word() -> None:
    speller = _speller()
    assert speller.correct("shcedule the florsit invoce") == "schedule the florist invoice"


def test_known_and_dictionary_words_and_names_stay() -> None:
    speller = _speller(("floral",))
    # "floral" is a dictionary word, "timelines" an inflection, "Floris" a name.
    text = "Ask Floris about the floral timelines"
    assert speller.correct(text) == text


def test_short_words_and_far_words_stay() -> None:
    speller = _speller()
    assert speller.correct("plna the rveiew") == "plna the review"  # "plna": 4 letters
    assert speller.correct("the fluorescent lights") == "the fluorescent lights"


def test_only_english_requests_are_corrected() -> None:
    speller = _speller()
    french = "Peux-tu envoyer la facture au fleuriste s'il te plaît ?"
    assert speller.correct(french) == french


def test_a_rare_training_typo_is_not_a_known_word() -> None:
    rows = ["send the invoice", "check the invoice", "pay the invoice", "approve the invoice"]
    rows += ["file the invoice", "the invoise is late"]
    speller = Speller.learn(rows)
    assert speller.correct("chase the invoise") == "chase the invoice"


def test_the_router_reads_misspelt_trigger_words() -> None:
    classifier = trained_classifier()
    assert best(classifier.scores("pls rmeind the catring vendor about the hedcount"))[0] == (
        "operations"
    )
    assert best(classifier.scores("draft a sponsorship porposal for the gala"))[0] == "sales"
