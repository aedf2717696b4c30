"""Pins for the defects a review of the dev-set branches found (issue 9): a negation list
that grows to nouns must not turn a filter into a prohibition, an exclusion must name
what it sets aside, and a listing widened for a limit must not grow past what was asked.

Requests of my own, not from any eval set.
"""

from __future__ import annotations

import pytest

from adapters.offline.answers import CallOutcome
from adapters.offline.list_limits import (
    DEFAULT_LIMIT,
    WHOLE_STAGE,
    excluded_companies,
    limited,
    widened,
)
from domain.exclusions import without_excluded
from domain.negation import withheld_actions
from tools.sales import ReviewPipelineArgs


@pytest.mark.parametrize(
    "text",
    [
        "Send a reminder to the attendees without messages from us",
        "Envía un recordatorio a los asistentes sin correo de confirmación",
        "Envoie un rappel aux inscrits sans courriel de confirmation",
        "Send the survey to attendees with no messages yet",
        "Erinnere alle Teilnehmer, die noch keine Erinnerung bekommen haben",
    ],
)
def test_a_thing_that_is_sent_named_in_a_filter_withholds_nothing(text: str) -> None:
    assert "send" not in withheld_actions(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bitte keine Erinnerung an Harbor Catering schicken",
        "ningún correo por ahora, ¿cuántos abrieron el boletín?",
        "no reminders, just check who is overdue",
        "pas de rappel à envoyer, dis-moi seulement qui a payé",
    ],
)
def test_a_thing_that_is_sent_ruled_out_withholds_sending(text: str) -> None:
    assert "send" in withheld_actions(text)


def test_an_exclusion_at_the_start_of_a_sentence_and_before_i_sets_aside_the_name_only() -> None:
    assert "Amara" not in without_excluded("Except Amara Chen, who else is at Drift Data?")
    assert "Außer" not in without_excluded("Außer Leila Brennan, wen kennen wir bei Nova?")
    rest = without_excluded("besides Amara Chen I should email someone at Drift Data")
    assert "Amara" not in rest
    assert "I should email" in rest


def test_a_negated_common_word_names_no_company() -> None:
    companies = ["Stale Bread Co", "First Street Capital", "Acme Cloud"]
    assert excluded_companies("the negotiation deals, not the stale ones", companies) == set()
    assert excluded_companies("deals without the first two", companies) == set()
    assert excluded_companies("deals in negotiation, not Acme", companies) == {"Acme Cloud"}


def _stage(deals: int, limit: int) -> CallOutcome:
    rows = [{"company": f"Company {i}", "value": 1000.0, "probability": 50} for i in range(deals)]
    total = 1000.0 * deals
    result = {"count": deals, "total_value": total, "weighted_value": total / 2, "deals": rows}
    return CallOutcome("review_pipeline", {"stage": "proposal", "limit": limit}, result)


def test_a_count_the_request_asked_for_is_kept() -> None:
    asked = widened("review_pipeline", {"stage": "proposal", "limit": 3}, "top 3, not Acme")
    assert asked["limit"] == 3


def test_a_widened_listing_that_leaves_nothing_out_lists_the_tools_own_number() -> None:
    call = limited(_stage(40, WHOLE_STAGE), "the proposal deals, not the stale ones")
    assert len(call.result["deals"]) == DEFAULT_LIMIT
    assert call.result["count"] == 40  # the stage's count, as the tool reports it


def test_the_default_limit_is_the_tools_own() -> None:
    assert ReviewPipelineArgs.model_fields["limit"].default == DEFAULT_LIMIT
