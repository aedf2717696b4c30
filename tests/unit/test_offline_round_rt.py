"""Tool arguments and tool choice the offline path missed (dev3 tool-choice round).

Requests of my own, not from any eval set, one test per mechanism:
- a full name two contacts share means the one at the company the request names;
- a next step given in quotes, or after "on the X deal", is only the step;
- a threat or an assault is a safety escalation;
- "never received" / "send it again" in French, German and Spanish ask for a resend.
"""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.drafting import TEXT_FILLERS
from adapters.offline.entities import Catalog, Entity
from adapters.offline.enums import enum_value
from adapters.offline.planner import make_plan
from adapters.offline.request import Request
from tests.offline_pickers import department_picker

TODAY = date(2026, 9, 1)


def _catalog() -> Catalog:
    entities = {
        "company": [Entity("company", 5, "Larkspur Media"), Entity("company", 6, "Tidewater AI")],
        "contact": [
            Entity("contact", 50, "Ines Varga", {"company_id": 5}),
            Entity("contact", 60, "Ines Varga", {"company_id": 6}),
        ],
    }
    return Catalog("t", "T", TODAY, 3, entities)


def test_a_shared_full_name_means_the_one_at_the_named_company() -> None:
    at_second = Request("email Ines Varga at Tidewater AI about the booth", _catalog(), TODAY)
    assert [c.id for c in at_second.entities("contact")] == [60]
    at_first = Request("email Ines Varga at Larkspur Media", _catalog(), TODAY)
    assert [c.id for c in at_first.entities("contact")] == [50]
    unnamed = Request("email Ines Varga", _catalog(), TODAY)
    assert [c.id for c in unnamed.entities("contact")] == [50]


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("change the next step on the Orbit deal to 'book the site visit'", "book the site visit"),
        ("next step for the Orbit opportunity is a pricing call", "a pricing call"),
        ("set the next step to send the floor plan", "send the floor plan"),
    ],
)
def test_the_next_step_is_only_the_step(text: str, step: str) -> None:
    assert TEXT_FILLERS["next_step"](Request(text, None, TODAY), None) == step  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "a man threatened the volunteer at the entrance",
        "she says she was assaulted in the car park",
        "un hombre la amenazó en la cola",
    ],
)
def test_a_threat_is_a_safety_escalation(text: str) -> None:
    reasons = ["refund_over_limit", "safety", "security", "legal", "upset_attendee", "unresolved"]
    assert enum_value("reason", reasons, text) == "safety"


@pytest.mark.parametrize(
    "text",
    [
        "Je n'ai toujours pas reçu mes billets, commande ORD-20417",
        "Können Sie mir die Karten für ORD-20417 nochmal schicken?",
        "Ich habe meine Tickets nie erhalten, Bestellung ORD-20417",
        "¿Me los pueden enviar otra vez? Pedido ORD-20417",
    ],
)
def test_a_missing_ticket_in_another_language_asks_for_a_resend(text: str) -> None:
    plan = make_plan(department_picker("support"), Request(text, None, TODAY))
    assert plan.primary == "resend_ticket"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cancellations by week since july", (date(2026, 7, 1), TODAY)),
        ("orders from March to May", (date(2026, 3, 1), date(2026, 5, 31))),
        ("Umsatz seit Juni", (date(2026, 6, 1), TODAY)),
    ],
)
def test_since_a_month_starts_on_its_first_day(text: str, expected: tuple[date, date]) -> None:
    from adapters.offline.dates import date_range

    assert date_range(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("a CTA for the sign-up page, the goal is more clicks", "increase_clicks"),
        ("Schreib eine Landingpage für die Anmeldungen, Ziel: mehr Klicks", "increase_clicks"),
        (
            "an email about the click-through prize draw, objective: more registrations",
            "increase_conversions",
        ),
    ],
)
def test_a_stated_goal_wins_over_an_earlier_mention(text: str, goal: str) -> None:
    values = ["awareness", "increase_opens", "increase_clicks", "increase_conversions"]
    assert enum_value("optimization_goal", values, text) == goal


def test_booking_minutes_with_someone_is_a_meeting() -> None:
    req = Request("grab 30 minutes with Ines Varga at Tidewater AI on Friday at 3pm", None, TODAY)
    assert make_plan(department_picker("sales"), req).primary == "schedule_meeting"


@pytest.mark.parametrize(
    ("text", "value"),
    [("raise the Orbit deal value to 60k", 60000.0), ("set the deal amount to 12,500", 12500.0)],
)
def test_changing_a_deal_value_is_a_crm_update_with_that_value(text: str, value: float) -> None:
    from adapters.offline.argument_fill import fill_arguments

    picker = department_picker("sales")
    req = Request(text, None, TODAY)
    assert make_plan(picker, req).primary == "update_crm"
    assert fill_arguments(picker.tools["update_crm"], req).args.get("value") == value
