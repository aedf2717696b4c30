"""Training phrasings for everyday words of a department that the training file lacked:
promotional assets and channels (slogan, tagline, hashtag, flyer, brochure, influencers,
promo video) are marketing's; on-site Wi-Fi ("WLAN") and picking up a badge are an
attendee's question (support); average basket, refund totals and ticket-sales reports
are analytics'.

The requests are my own, none from an eval set or the training file (checked below).
Before the phrasings, the German flyer went to operations and the German Wi-Fi question
to research; the others guard the same words in other wordings.
"""

from __future__ import annotations

import pytest

from nodes.routing import route
from nodes.routing.classifier import training_examples
from nodes.routing.text import normalise

ROUTED = [
    ("Need three hashtag options for the conference", "marketing"),
    ("Get a few YouTubers to talk about our event", "marketing"),
    ("Gestalte ein paar Flyer für die Uni-Messe", "marketing"),
    ("a catchy one-liner for the summit, please", "marketing"),
    ("Think of a slogan for our newsletter header", "marketing"),
    ("¿Hay wifi para los asistentes?", "support"),
    ("Où puis-je retirer mon badge ?", "support"),
    ("Gibt es am Eventtag WLAN für Gäste?", "support"),
    ("what is the average spend per order this month", "analytics"),
    ("Bericht über die Ticketverkäufe dieser Woche", "analytics"),
    ("how much money have we refunded overall since launch", "analytics"),
]


def test_none_of_these_requests_is_a_training_request() -> None:
    trained = {normalise(text) for text, _ in training_examples()}
    assert not {normalise(text) for text, _ in ROUTED} & trained


@pytest.mark.parametrize(("text", "department"), ROUTED)
def test_everyday_words_route_to_their_department(text: str, department: str) -> None:
    assert route(text)["agents"] == [department]
