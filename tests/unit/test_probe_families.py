"""Three families found by probing with new requests: a proposed email's body does not
swamp the reply, hotel deals are support's, and "when should we send" in other languages
asks for send timing."""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.answers import CallOutcome, final_answer, summarise_call
from adapters.offline.planner import make_plan
from adapters.offline.request import Request
from evals.e2e_checks import detect_language
from nodes.routing.plan import analyse_request
from tests.offline_pickers import department_picker


def test_a_queued_email_names_its_body_briefly_and_keeps_the_reply_language() -> None:
    body = "Hi there,\n\nI am reaching out from Northwind Events about the Gold package. " * 3
    queued = {"status": "queued_for_approval"}
    call = CallOutcome("send_email", {"to": "ana@hooli.example", "body": body}, queued)
    line = "\n".join(summarise_call(call, "es"))
    assert "…" in line and len(line) < len(body)
    assert detect_language(final_answer([call], language="es")) == "es"


def test_hotel_deals_are_a_support_question() -> None:
    assert analyse_request("Are there any hotel deals for people attending?").agents == ["support"]


@pytest.mark.parametrize(
    "text",
    [
        "Wann sollen wir den Newsletter verschicken?",
        "¿A qué hora debemos enviar la campaña?",
        "Quand devrions-nous publier sur LinkedIn ?",
    ],
)
def test_when_to_send_in_other_languages_picks_timing(text: str) -> None:
    plan = make_plan(department_picker("marketing"), Request(text, None, date(2026, 9, 1)))
    assert plan.scores[0].name == "optimize_timing"
