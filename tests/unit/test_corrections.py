"""A request that corrects itself mid-sentence is read in its corrected form."""

from __future__ import annotations

import pytest

from domain.corrections import corrected


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("refund ORD-10701 - no sorry, ORD-10702, wrong number", "refund ORD-10702, wrong number"),
        (
            "email the CMO at Acme Cloud about the Platinum renewal - no wait, I mean the CTO "
            "at Kestrel Systems",
            "email the CTO at Kestrel Systems about the Platinum renewal",
        ),
        (
            "send the agenda newsletter - sorry, I mean the speaker spotlight email - to our VPs",
            "send the speaker spotlight email - to our VPs",
        ),
        (
            "Pasa la oportunidad de Nova Works a qualified... no, perdón, a negotiation",
            "Pasa la oportunidad de Nova Works a negotiation",
        ),
        ("email Acme — no, Kestrel", "email Kestrel"),
        ("Relance StreamHouse, non, TranslateNow", "Relance TranslateNow"),
        (
            "Write to lucas@x.example - no, to lucas.patel@globex.example",
            "Write to lucas.patel@globex.example",
        ),
        ("Email leo@x.example about Gold. No wait, Silver.", "Email leo@x.example about Silver."),
    ],
)
def test_the_correction_replaces_what_it_corrects(text: str, meant: str) -> None:
    assert corrected(text) == meant


@pytest.mark.parametrize(
    "text",
    [
        "refund ORD-10642, no rush",
        "draft an email, no sending please",
        "Draft a post, no, don't publish it",
        "no emails pls - just qualify Nova AI",
        "Hi, I want a refund for order ORD-10501, I cannot come anymore",
        "Refund ORD-10501. No rush.",
    ],
)
def test_a_no_that_corrects_nothing_leaves_the_request_alone(text: str) -> None:
    assert corrected(text) == text
