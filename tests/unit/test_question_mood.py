"""A request that only asks a question gets an answer, never an action or a draft."""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.planner import NOT_AN_ANSWER, make_plan
from adapters.offline.request import Request
from domain.question_mood import asks_for_information
from tests.offline_pickers import department_picker


@pytest.mark.parametrize(
    "text",
    [
        "which of our campaigns converts best?",
        "how much more can we still refund on ORD-11279?",
        "is the Helix Health deal likely? what's it worth and when will it close",
        "what did lina.novak666@mail.example buy?",  # an email's dots end no sentence
        "so, how did the newsletter do",
        "did the subject line test give us a winner?",
        "¿Cuánto podemos reembolsar todavía en el pedido ORD-11279?",
        "Combien reste-t-il à rembourser sur ORD-11279 ?",
        "Wie viel können wir bei ORD-11279 noch erstatten?",
        # the speaker's own plan beside the question asks nothing of us
        "who's the CTO over at Drift Energy? I might reach out to them later",
        "Wer ist bei Initech zuständig? Ich werde sie selbst anrufen.",
        # an imperative that only asks to be told
        "see how the speaker spotlight campaign is going - no emails",
        "check whether the caterer has confirmed",
        "dime cómo va la campaña Early-bird email push",
    ],
)
def test_questions_ask_for_information(text: str) -> None:
    assert asks_for_information(text)


@pytest.mark.parametrize(
    "text",
    [
        "refund ORD-10500",
        "can you refund ORD-10501?",  # a polite command
        "Can I get a refund for ORD-10501?",
        "could you draft a LinkedIn post about the speakers?",
        "how do I get a refund?",  # asks how to act: the request itself
        "What's the Platinum price? Then email leo.tanaka@novametrics.example about it",
        "why don't we email the Initech contacts",
        "do the A/B test on the newsletter now",
        "¿Puedes reembolsar el pedido ORD-10501?",
        "Kannst du ORD-10501 bitte erstatten?",
        "I'll need the Gold price. Email it to leo.tanaka@novametrics.example",
        "I might reach out to them later",  # a plan alone asks nothing
        "check how the budget is and nudge the caterer",  # a command beside it
        "",
    ],
)
def test_commands_and_polite_requests_do_not(text: str) -> None:
    assert not asks_for_information(text)


def _plan(department: str, text: str) -> list[str]:
    return make_plan(department_picker(department), Request(text, None, date(2026, 9, 1))).steps


@pytest.mark.parametrize(
    ("department", "text", "answering"),
    [
        ("support", "how much more can we still refund on ORD-11279?", "lookup_ticket"),
        ("marketing", "which of our campaigns converts best?", "monitor_metrics"),
    ],
)
def test_a_question_is_answered_by_a_read_not_an_action(
    department: str, text: str, answering: str
) -> None:
    steps = _plan(department, text)

    assert answering in steps
    assert not set(steps) & NOT_AN_ANSWER


def test_the_same_words_as_a_command_still_act() -> None:
    assert "process_refund" in _plan("support", "refund what's left on ORD-11279")
