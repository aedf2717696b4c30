"""Questions pick the tool that answers them: a deal's standing, how engaged an account
is, and an attendee who has waited too long gets a person (upset, not "unresolved")."""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.enums import enum_value
from adapters.offline.planner import make_plan
from adapters.offline.request import Request
from tests.offline_pickers import department_picker


def _best(department: str, text: str) -> str:
    """The top-scored tool (no database here, so names are not resolved into ids)."""
    return (
        make_plan(department_picker(department), Request(text, None, date(2026, 9, 1)))
        .scores[0]
        .name
    )


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("what's the status of the Helix Health opportunity?", "qualify_lead"),
        ("how big is the Nova Metrics deal right now", "qualify_lead"),
        ("how engaged have the folks at Initech been with us?", "analyze_engagement"),
    ],
)
def test_sales_questions_pick_the_answering_tool(text: str, tool: str) -> None:
    assert _best("sales", text) == tool


@pytest.mark.parametrize(
    "text",
    [
        "second time I write about ORD-10222 and no one answers, I'm fed up",
        "Estoy harta, nadie me contesta sobre el pedido ORD-10222",
    ],
)
def test_a_fed_up_attendee_is_handed_to_a_person_as_upset(text: str) -> None:
    assert _best("support", text) == "escalate_to_human"
    reasons = ["refund_over_limit", "safety", "security", "legal", "upset_attendee", "unresolved"]
    assert enum_value("reason", reasons, text) == "upset_attendee"


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        (
            "Quiero que me devuelvan el dinero del pedido ORD-10999, ya no puedo asistir",
            "process_refund",
        ),
        ("Ich kann leider nicht kommen, bitte Geld zurück für ORD-10501", "process_refund"),
        (
            "please move the ticket on ORD-10492 over to Tom Becker, tom.becker@example.net",
            "transfer_ticket",
        ),
        ("hand my ticket to Ana Ruiz ana.ruiz@example.com, order ORD-10501", "transfer_ticket"),
    ],
)
def test_refunds_and_transfers_in_other_words(text: str, tool: str) -> None:
    assert _best("support", text) == tool


@pytest.mark.parametrize(
    "text",
    [
        "what sponsorship tiers do we offer and what does each one cost?",
        "which sponsorship levels are available?",
        "¿Qué paquetes de patrocinio ofrecemos?",
    ],
)
def test_asking_what_packages_exist_lists_them(text: str) -> None:
    assert _best("sales", text) == "list_packages"
