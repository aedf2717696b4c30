"""Issue 9 (dev_e2e_aa): small talk in its many wordings is an aside, not a request.

A greeting with whom it addresses ("hi there", "hallo zusammen"), a wish for the
reader's wellbeing ("espero que estés genial", "ich hoffe, es geht dir gut"), an apology
for the message ("sorry for the trouble again"), a sign-off ("un saludo", "liebe
Grüße") and an emoticon that closes a sentence are read by their structure; a piece
that asks something or names a record stays a request.
"""

from __future__ import annotations

import pytest

from nodes.routing import route
from nodes.routing.clause_roles import Role, role_of
from nodes.routing.clauses import split_stages


@pytest.mark.parametrize(
    "piece",
    [
        "Hello there",
        "hallo zusammen",
        "Hope the week's been kind to you",
        "Espero que estés genial",
        "J'espère que tout va bien",
        "Ich hoffe, es geht euch gut",
        "Sorry for the hassle",
        "Disculpa la molestia",
        "Un saludo",
        "Liebe Grüße",
        "bien cordialement",
    ],
)
def test_small_talk_is_an_aside(piece: str) -> None:
    assert role_of(piece, first=True) is Role.ASIDE


@pytest.mark.parametrize(
    "piece",
    [
        "Perdona la molestia, ¿quién compró ORD-10402?",
        "I hope the caterer is fine with the new date",
        "hope Bloom Decor is ok with a later slot",
        "Ta commande ORD-10402 doit être remboursée.",
        "A plus one ticket was added to ORD-10402 yesterday.",
        "Sorry for the trouble but refund my VIP ticket",
    ],
)
def test_a_piece_about_a_record_is_not_small_talk(piece: str) -> None:
    assert role_of(piece, first=True) is not Role.ASIDE


@pytest.mark.parametrize(
    "text",
    [
        "Vérifie le budget de la sécurité. Ta cliente de ORD-10402 veut être remboursée.",
        "Check the security budget. Sorry for the trouble but refund my VIP ticket.",
    ],
)
def test_a_request_after_a_pleasantry_word_keeps_its_department(text: str) -> None:
    # "ta" is French for "your", and an apology may carry a request after "but".
    assert route(text)["agents"] == ["operations", "support"]


def test_an_emoticon_closes_a_sentence() -> None:
    stages = split_stages("hope all is well :) how many clicks on the newsletter?")
    assert [stage.text.strip(" ?") for stage in stages] == [
        "hope all is well",
        "how many clicks on the newsletter",
    ]


@pytest.mark.parametrize(
    ("text", "department"),
    [
        (
            "Hi there! Hope the weekend was fun :) How many clicks did the agenda "
            "newsletter get? Cheers",
            "marketing",
        ),
        (
            "Hallo! Ich hoffe, es geht dir gut. Wie viele Tickets haben wir im August "
            "verkauft? Liebe Grüße",
            "analytics",
        ),
        ("Hey team :) quick one - when does StreamHouse need to confirm?", "operations"),
    ],
)
def test_small_talk_adds_no_department(text: str, department: str) -> None:
    assert route(text)["agents"] == [department]


@pytest.mark.parametrize(
    "text",
    [
        "Check the security budget. Sorry for the late notice but refund my VIP ticket ORD-10402.",
        "Look at the catering deliverables. Apologies for the short notice, refund ORD-10777.",
    ],
)
def test_an_ask_after_an_apologys_opening_words_keeps_its_department(text: str) -> None:
    assert sorted(route(text)["agents"]) == ["operations", "support"]


def test_an_apology_alone_after_a_request_adds_no_department() -> None:
    assert route("Check the security budget. Sorry for the late notice.")["agents"] == [
        "operations"
    ]
