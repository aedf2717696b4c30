"""The router reading a request with the tenant's record names known."""

from __future__ import annotations

import math

import pytest

from domain.departments import DEPARTMENTS
from nodes.routing import analyse_request, plan_from_request, route
from nodes.routing.classifier import Scores
from nodes.routing.named_reading import NAME_PRIOR, NamedReading
from nodes.routing.record_name_index import RecordNameIndex

RECORDS = [
    ("StreamHouse", "vendor"),
    ("TranslateNow", "vendor"),
    ("Atlas Co.", "vendor"),
    ("Atlas Analytics", "company"),
    ("Early-bird email push", "campaign"),
    ("Eva Weber", "attendee"),
    ("Emma Rossi", "contact"),
    ("Emma Rossi", "ticket_buyer"),
    ("Acme Cloud", "company"),
    ("Acme Cloud", "deal_company"),
]


@pytest.fixture(scope="module")
def names() -> RecordNameIndex:
    return RecordNameIndex.from_records(RECORDS)


class Flat:
    """A classifier with no opinion: every department equally likely."""

    def scores_many(self, texts: list[str]) -> list[Scores]:
        return [self.scores(text) for text in texts]

    def scores(self, text: str) -> Scores:
        return {dept: 1 / len(DEPARTMENTS) for dept in DEPARTMENTS}


def test_a_named_vendor_multiplies_operations_odds_by_the_prior(names: RecordNameIndex) -> None:
    scores = NamedReading(Flat(), names).scores("Any word from StreamHouse?")
    assert max(scores, key=lambda d: scores[d]) == "operations"
    assert scores["operations"] / scores["sales"] == pytest.approx(math.exp(NAME_PRIOR))
    assert sum(scores.values()) == pytest.approx(1.0)


def test_department_words_outweigh_a_name(names: RecordNameIndex) -> None:
    reader = NamedReading(Flat(), names)
    assert reader.scores("Write a LinkedIn post thanking StreamHouse") == Flat().scores("")


def test_an_ambiguous_name_adds_nothing(names: RecordNameIndex) -> None:
    reader = NamedReading(Flat(), names)
    assert reader.scores("Emma Rossi called again") == Flat().scores("")


def test_route_reads_a_vendor_a_campaign_and_an_attendee(names: RecordNameIndex) -> None:
    assert route("Any word from StreamHouse?", names=names)["agents"] == ["operations"]
    assert route("Has TranslateNow replied?", names=names)["agents"] == ["operations"]
    assert route("Eva Weber can't make it anymore", names=names)["agents"] == ["support"]


def test_without_names_the_route_is_the_words_alone(names: RecordNameIndex) -> None:
    text = "Any word from StreamHouse?"
    assert route(text) == route(text, names=None)
    assert route(text)["agents"] != ["operations"]  # what the names index changes


def test_a_name_makes_its_clause_a_step_of_its_own(names: RecordNameIndex) -> None:
    text = "Any word from TranslateNow? Also, how's the Early-bird email push doing?"
    assert analyse_request(text, names=names).agents == ["operations", "marketing"]
    planned = plan_from_request(text, names=names)
    assert [clause.department for clause in planned] == ["operations", "marketing"]


def test_a_rebuilt_index_is_a_new_reading(names: RecordNameIndex) -> None:
    text = "Any word from StreamHouse?"
    assert route(text, names=names)["agents"] == ["operations"]
    empty = RecordNameIndex.from_records([])
    assert route(text, names=empty) == route(text)


def test_a_name_in_an_aside_or_a_ruled_out_clause_is_no_step_of_its_own(
    names: RecordNameIndex,
) -> None:
    curious = (
        "How is the Agenda launch newsletter doing? Just curious about StreamHouse, "
        "nothing to do there."
    )
    assert route(curious, names=names)["agents"] == route(curious)["agents"] == ["marketing"]
    no_need = "Draft a LinkedIn post about the summit, and no need to involve StreamHouse."
    assert route(no_need, names=names)["agents"] == ["marketing"]


def test_a_name_beside_a_word_on_how_the_request_is_meant_is_no_step_of_its_own(
    names: RecordNameIndex,
) -> None:
    for aside in (
        "What did the Agenda launch newsletter convert? Wondering about StreamHouse too, no action needed.",  # noqa: E501
        "How many opened the Agenda launch newsletter? Asking about StreamHouse as well - nothing to do there.",  # noqa: E501
    ):
        assert route(aside, names=names)["agents"] == ["marketing"], aside
