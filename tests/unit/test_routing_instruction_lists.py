"""Instructions listed with commas, and French "plus" that adds nothing.

Issue 9, joined requests: "Forecast ticket revenue, score the Nova Metrics lead" stayed
one analytics request because after a bare comma only a known imperative verb starts a
new instruction, and "score", "grade", "pause" or a Spanish verb with its pronoun
written on ("califícalo") were not known. "l'acheteur ne peut plus venir" was cut at
"plus" as if it added an errand.
"""

from __future__ import annotations

import pytest

from nodes.routing.clause_roles import Role, role_of
from nodes.routing.clauses import reads_as_instruction, split_stages
from nodes.routing.plan import analyse_request


@pytest.mark.parametrize(
    "piece",
    [
        "grade the Blue Data lead",
        "pause the newsletter",
        "califícala como lead",
        "envíales el plan",
    ],
)
def test_common_and_clitic_imperatives_read_as_instructions(piece: str) -> None:
    assert reads_as_instruction(piece, verb_needed=True)


def test_a_noun_after_a_comma_still_does_not() -> None:
    assert not reads_as_instruction("the lunch numbers", verb_needed=True)


@pytest.mark.parametrize(
    ("text", "departments"),
    [
        ("Grade the Blue Data lead, pause the Agenda launch newsletter", ["sales", "marketing"]),
        ("Busca a Echo Labs en las noticias, califícala como lead", ["research", "sales"]),
        ("Mark the Book stage lighting task as done, refund ORD-10877", ["operations", "support"]),
    ],
)
def test_instructions_listed_with_commas_keep_their_departments(
    text: str, departments: list[str]
) -> None:
    assert analyse_request(text).agents == departments


def test_french_plus_of_negation_or_comparison_is_no_connective() -> None:
    assert [s.text for s in split_stages("le client ne vient plus à cause de la grève")] == [
        "le client ne vient plus à cause de la grève"
    ]
    assert [s.text for s in split_stages("il reste le plus de places en VIP")] == [
        "il reste le plus de places en VIP"
    ]
    assert [s.text for s in split_stages("refund ORD-10501 plus tweet the agenda")] == [
        "refund ORD-10501",
        "tweet the agenda",
    ]
    text = "Rembourse ORD-10064, le client ne vient plus à cause de la grève"
    assert analyse_request(text).agents == ["support"]


def test_a_statement_with_a_spanish_adverb_before_its_verb_stays_context() -> None:
    # "ya firmó" (has already signed): the name is the subject of a statement, and the
    # instruction after the comma says what to do about it
    text = "Harbor Cloud ya firmó, marca el trato como ganado"
    assert analyse_request(text).agents == ["sales"]


def test_a_name_then_an_adverb_and_a_spanish_past_is_a_statement() -> None:
    assert role_of("Harbor Cloud ya firmó") is Role.CONTEXT
