"""Issue 9, pattern 1: a request that says not to act never gets that action proposed."""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.planner import make_plan
from adapters.offline.request import Request
from domain.negation import withheld_actions, withheld_reason, withheld_tools
from tests.offline_pickers import department_picker

TODAY = date(2026, 9, 1)


@pytest.mark.parametrize(
    ("text", "actions"),
    [
        ("Write the sponsor note for Acme, just draft, don't send", {"send"}),
        ("Check this week's deliverables but do not escalate anything", {"escalate"}),
        ("Look into ORD-10512 - don't refund yet", {"refund"}),
        ("Prepara el recordatorio para el catering pero no lo envíes", {"send"}),
        ("Prépare le mail aux sponsors mais n'envoie pas", {"send"}),
        ("ne pas rembourser la commande ORD-10512", {"refund"}),
        ("Die Erinnerung an den Caterer bitte noch nicht senden", {"send"}),
        ("Schick die Mail an Acme nicht", {"send"}),
        ("Budget prüfen, nicht eskalieren", {"escalate"}),
        ("hold off on emailing the speakers", {"send"}),
    ],
)
def test_negated_action_verbs_are_withheld(text: str, actions: set[str]) -> None:
    assert withheld_actions(text) == actions


@pytest.mark.parametrize(
    "text",
    [
        "Send the reminder to the catering vendor",
        "Don't forget to send the reminder to the caterer",
        "I do not have Dana's email, find it and send her the deck",
        "No, send it now",
        "Escalate the overdue stage deliverable",
        "Refund ORD-10512 please",
        "Why did the sponsor campaign not perform?",
    ],
)
def test_requests_that_ask_for_the_action_withhold_nothing(text: str) -> None:
    assert withheld_actions(text) == frozenset()


def test_negation_is_scoped_to_its_verb() -> None:
    text = "Escalate the overdue AV deliverable, but don't email the vendor"
    assert withheld_actions(text) == {"send"}
    assert "escalate_issue" not in withheld_tools(text)
    assert withheld_reason("send_reminder", text) == "the request says not to send"
    assert withheld_reason("escalate_issue", text) is None


def test_the_offline_planner_does_not_plan_a_withheld_refund() -> None:
    text = "Look up order ORD-10512 but don't refund it yet"
    plan = make_plan(department_picker("support"), Request(text, None, TODAY))
    assert "process_refund" not in plan.steps
    assert "lookup_ticket" in plan.steps
    assert plan.withheld == ("refund",)
    # The same request without the negation does plan the refund.
    plan = make_plan(department_picker("support"), Request("Refund order ORD-10512", None, TODAY))
    assert "process_refund" in plan.steps


def test_the_offline_planner_does_not_plan_a_withheld_reminder() -> None:
    text = "Draft a reminder to the vendor for the catering deliverable, no la envíes"
    plan = make_plan(department_picker("operations"), Request(text, None, TODAY))
    assert "send_reminder" not in plan.steps
