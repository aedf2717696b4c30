"""A meeting request never gets "I need a title": the purpose or the invitee names it."""

from __future__ import annotations

from datetime import date

from adapters.offline.argspec import ArgSpec
from adapters.offline.drafting import TEXT_FILLERS, topic
from adapters.offline.request import Request

TITLE = ArgSpec("schedule_meeting", "title", {"type": "string"})


def _title(text: str) -> str | None:
    return TEXT_FILLERS["title"](Request(text, None, date(2026, 9, 1)), TITLE)


def test_the_purpose_of_a_call_becomes_its_title() -> None:
    assert _title("set up a call with omar@umbrella.example to discuss the Gold tier") == (
        "The Gold tier"
    )
    assert topic("Agenda una reunión para hablar de la renovación.") == "la renovación"


def test_an_invitee_address_names_the_call_when_nothing_else_does() -> None:
    assert _title("book 45 minutes with omar@umbrella.example on Friday at 10") == (
        "Call with omar@umbrella.example"
    )


def test_instructions_after_the_topic_are_not_part_of_it() -> None:
    assert topic("email omar@umbrella.example about the Gold tier for me to review first") == (
        "the Gold tier"
    )
    assert topic("write to Hooli about exhibiting, but don't send it") == "exhibiting"
