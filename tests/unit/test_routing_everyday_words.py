"""Everyday words for department business the training file covers in general terms
(how warm a lead is, a company's staff count, the make-up of our audience, refund
payouts, swag and merch, thanking a sponsor in public), put in phrasings that are in
neither the training file nor any routing set."""

from __future__ import annotations

import pytest

from nodes.routing.classifier import best, trained_classifier


@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("how hot is the lead from Marisol Foods", "sales"),
        ("Wie heiß ist der Lead von Sonnenfeld?", "sales"),
        ("what is the staff count at Corvid Systems", "research"),
        ("how many of our buyers are VPs or C-suite", "analytics"),
        ("when will the refunded money reach my card", "support"),
        ("the conference swag still has not shipped from the vendor", "operations"),
        ("shout out our new silver sponsor on Instagram", "marketing"),
    ],
)
def test_everyday_words_reach_the_department_that_owns_the_business(
    text: str, department: str
) -> None:
    assert best(trained_classifier().scores(text))[0] == department
