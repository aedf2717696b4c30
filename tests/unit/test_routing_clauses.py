"""Clause splitting: strong boundaries always cut, weak ones only before a new instruction."""

from __future__ import annotations

import pytest

from nodes.routing.clauses import Stage, reads_as_instruction, split_stages, weak_pieces


def test_sequencing_words_make_dependent_stages() -> None:
    assert split_stages("Analyse the audience, then find sponsors and start the campaign") == [
        Stage("Analyse the audience", dependent=False),
        Stage("find sponsors and start the campaign", dependent=True),
    ]


def test_sentences_semicolons_and_independent_markers_split_without_dependency() -> None:
    text = (
        "Which deliverables are overdue? Also, how is the campaign doing; separately, refund ORD-1"
    )
    assert split_stages(text) == [
        Stage("Which deliverables are overdue", dependent=False),
        Stage("how is the campaign doing", dependent=False, added=True),
        Stage("refund ORD-1", dependent=False, added=True),
    ]


def test_a_leading_marker_after_a_full_stop_still_counts() -> None:
    assert split_stages("Enrich the lead. After that, qualify it") == [
        Stage("Enrich the lead", dependent=False),
        Stage("qualify it", dependent=True),
    ]


def test_a_header_before_a_colon_is_its_own_stage() -> None:
    stages = split_stages("Launch the event: analyse the audience")
    assert [s.text for s in stages] == ["Launch the event", "analyse the audience"]


@pytest.mark.parametrize(
    ("text", "dependent_texts"),
    [
        ("Analiza la previsión y luego busca patrocinadores", ["busca patrocinadores"]),
        ("Vérifie le budget, puis lance la campagne", ["lance la campagne"]),
        ("Recherchiere Acme und dann erstelle ein Angebot", ["erstelle ein Angebot"]),
        ("Pesquise a Globex e depois prepare a proposta", ["prepare a proposta"]),
        ("Forecast revenue; based on that, adjust the budget", ["adjust the budget"]),
    ],
)
def test_sequencing_words_in_five_languages(text: str, dependent_texts: list[str]) -> None:
    assert [s.text for s in split_stages(text) if s.dependent] == dependent_texts


def test_and_splits_before_a_new_instruction_only() -> None:
    assert weak_pieces("Check the budget and answer the refund emails") == [
        "Check the budget",
        "answer the refund emails",
    ]
    # A noun phrase after "and" is part of the same instruction.
    assert weak_pieces("research Acme's buying signals and sponsorship history") == [
        "research Acme's buying signals and sponsorship history"
    ]
    assert weak_pieces("compare the open and the click rates") == [
        "compare the open and the click rates"
    ]


def test_a_bare_comma_needs_an_imperative_verb() -> None:
    assert weak_pieces("our open rate tanked, what do we do") == [
        "our open rate tanked, what do we do"
    ]
    assert weak_pieces("check the vendors, answer the inbox and schedule the tweet") == [
        "check the vendors",
        "answer the inbox",
        "schedule the tweet",
    ]


def test_reads_as_instruction() -> None:
    assert reads_as_instruction("please send the deck")
    assert reads_as_instruction("how is the early-bird campaign doing")
    assert not reads_as_instruction("the vendor list")
    assert not reads_as_instruction("how is it going", verb_needed=True)
    assert not reads_as_instruction("send")


def test_initials_and_quotations_do_not_end_a_sentence() -> None:
    assert [s.text for s in split_stages("background on M. Schmidt, Acme Cloud's CMO")] == [
        "background on M. Schmidt, Acme Cloud's CMO"
    ]
    stages = split_stages("schedule this on instagram: 'Doors open in six weeks!' Then report")
    assert [s.text for s in stages] == [
        "schedule this on instagram: 'Doors open in six weeks!'",
        "report",
    ]


def test_a_colon_after_a_post_introduces_its_text() -> None:
    text = "Plane einen LinkedIn-Beitrag: der Frühbucherpreis endet am Freitag"
    assert [s.text for s in split_stages(text)] == [text]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        (
            "Round up the catering quotes, see how the webinar signups went, "
            "and draft a promo post",
            [
                "Round up the catering quotes",
                "see how the webinar signups went",
                "draft a promo post",
            ],
        ),
        (
            "Figure out who's attending, pull together the speaker bios",
            ["Figure out who's attending", "pull together the speaker bios"],
        ),
        (
            "Book the shuttle for Friday, how many seats did we reserve last time",
            ["Book the shuttle for Friday", "how many seats did we reserve last time"],
        ),
        (
            "Mira cómo fue la campaña de otoño, prepara un informe de ventas",
            ["Mira cómo fue la campaña de otoño", "prepara un informe de ventas"],
        ),
        (
            "Regarde les inscriptions de la semaine, relance les sponsors en attente",
            ["Regarde les inscriptions de la semaine", "relance les sponsors en attente"],
        ),
        (
            "Schau dir die Anmeldungen an, schreibe den Sponsoren",
            ["Schau dir die Anmeldungen an", "schreibe den Sponsoren"],
        ),
    ],
)
def test_steps_listed_with_commas_split_when_each_has_its_own_verb(
    text: str, pieces: list[str]
) -> None:
    assert weak_pieces(text) == pieces


@pytest.mark.parametrize(
    "text",
    [
        "invite Priya, Tom and Elena to the speaker dinner",
        "write to Priya and Elena about the speaker dinner",
        "compare ticket sales for March, April and May",
        "hey, could you look up the Vantage invoice",
        "refund $2,400 to the Hansen order",
        "sales dipped last week, how do we fix that",
        "invita a Lucía, Pablo y Marta a la cena",
        "schick Lena, Jonas und Mia die Agenda",
    ],
)
def test_a_comma_or_and_inside_one_step_does_not_split(text: str) -> None:
    assert weak_pieces(text) == [text]


def test_a_question_opening_with_a_preposition_after_and_is_its_own_step() -> None:
    assert weak_pieces(
        "¿Cómo va la campaña de primavera, y en qué fase está el trato con Lumen?"
    ) == [
        "¿Cómo va la campaña de primavera",
        "en qué fase está el trato con Lumen?",
    ]
    assert weak_pieces(
        "Wie läuft der Newsletter, und bei welchem Anbieter buchen wir den Bus?"
    ) == [
        "Wie läuft der Newsletter",
        "bei welchem Anbieter buchen wir den Bus?",
    ]
    # After a bare comma a question needs an instruction before it.
    assert weak_pieces("the venue moved, in which hall are we now") == [
        "the venue moved, in which hall are we now"
    ]
