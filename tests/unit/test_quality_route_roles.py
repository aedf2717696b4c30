"""General fixes found with routing dev set 7 and tool-choice dev set 4, each pinned by
requests of my own.

None of these requests is in an eval set or the router's training file.

1. A company name made of a department's words ("Lakeside Analytics", "Tallow Media",
   "Redwood Marketing Co") reads as a company in the router's n-gram view: its generic
   words become one role word (``ProperNames.with_roles``), and the sentence model and
   keyword counts drop the whole name, also when it opens the sentence.
2. Copy asked for in a named language ("in Spanish", "auf Französisch", "en allemand")
   is written in that language, whatever the request's own (``language_asked_for``).
3. "Scoring at least 80" is a lowest fit score, as "score above 80" was.
4. A threat made with legal words ("threatening legal action") is a legal escalation, not
   a safety one; a collapse or a faint is a safety one.
"""

from __future__ import annotations

import pytest

from adapters.offline.enums import enum_value
from adapters.offline.fillers import _MIN_SCORE
from domain.language import language_asked_for
from nodes.routing import route
from nodes.routing.classifier import training_examples
from nodes.routing.names import ORGANISATION_ROLE, ProperNames
from nodes.routing.router import CONFIDENCE_THRESHOLD
from nodes.routing.text import normalise

NAMES = ProperNames.learn(text for text, _ in training_examples())
REASONS = ["refund_over_limit", "safety", "security", "legal", "upset_attendee", "unresolved"]
ROUTED = (
    "Where does the Lakeside Analytics deal stand?",
    "What does Tallow Media do and who runs it?",
)


def test_these_requests_are_not_training_examples() -> None:
    trained = {normalise(text) for text, _ in training_examples()}
    assert not trained & {normalise(text) for text in ROUTED}


@pytest.mark.parametrize(
    ("text", "read"),
    [
        (
            "Where does the Lakeside Analytics deal stand?",
            f"Where does the Lakeside {ORGANISATION_ROLE} deal stand?",
        ),
        (
            "Corvid Metrics said yes, close it",
            f"Corvid {ORGANISATION_ROLE} said yes, close it",
        ),
        (
            "Redwood Marketing Co wants a booth",
            f"Redwood {ORGANISATION_ROLE} {ORGANISATION_ROLE} wants a booth",
        ),
        (
            "Relance Ridgeway Data sur la proposition",
            f"Relance Ridgeway {ORGANISATION_ROLE} sur la proposition",
        ),
    ],
)
def test_the_generic_words_of_a_company_name_read_as_its_role(text: str, read: str) -> None:
    assert NAMES.with_roles(text) == read


@pytest.mark.parametrize(
    "text",
    [
        "Send the Marketing Report to the board",  # no name before the department word
        "Email Data Team about the numbers",  # a sentence's verb does not open a name
        "how are the marketing metrics looking",  # lower case: the request's own words
        "has Lakeside Catering confirmed?",  # a vendor's service stays what it is
    ],
)
def test_department_words_outside_a_company_name_stay(text: str) -> None:
    assert NAMES.with_roles(text) == text


def test_a_company_name_opening_the_sentence_is_masked_for_the_sentence_model() -> None:
    assert NAMES.mask("Corvid Metrics pulled out, mark it lost") == "pulled out, mark it lost"
    assert "metrics" not in NAMES.without_names("Corvid Metrics pulled out").casefold()


@pytest.mark.parametrize("text", ROUTED)
def test_a_company_named_with_department_words_no_longer_makes_the_router_unsure(
    text: str,
) -> None:
    decision = route(text)
    assert decision["confidence"] >= CONFIDENCE_THRESHOLD, decision


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("two CTA variants in Spanish for the workshop page", "es"),
        ("Schreib drei Betreffzeilen auf Französisch", "fr"),
        ("rédige deux posts en allemand", "de"),
        ("Escribe el anuncio en inglés", "en"),
        ("translate the teaser into German", "de"),
        ("book the hall in Germany for the roadshow", None),
        ("send it in the morning", None),
    ],
)
def test_the_language_a_copy_is_asked_in(text: str, language: str | None) -> None:
    assert language_asked_for(text) == language


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("healthcare sponsors scoring at least 65", "65"),
        ("prospects with a score of over 72", "72"),
        ("anyone scored more than 90?", "90"),
        ("prospects 85+", "85"),
    ],
)
def test_a_lowest_fit_score(text: str, score: str) -> None:
    match = _MIN_SCORE.search(text)
    assert match is not None
    assert (match.group(1) or match.group(2)) == score


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("the buyer of ORD-13001 is threatening legal action", "legal"),
        ("she threatens to take us to court over the refund", "legal"),
        ("el cliente amenaza con abogados", "legal"),
        ("a guest threatened a volunteer at the door", "safety"),
        ("an attendee fainted in the queue", "safety"),
        ("someone collapsed near stage B", "safety"),
    ],
)
def test_the_escalation_reason_of_a_threat(text: str, reason: str) -> None:
    assert enum_value("reason", REASONS, text) == reason
