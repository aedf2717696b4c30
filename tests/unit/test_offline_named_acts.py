"""A report that asks for no act gets a read (``adapters.offline.named_acts``).

Requests of my own, in no eval set: a report of a billing doubt gets the order's lookup,
not a refund or a resend; a request that names the act, or gives a command, keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.named_acts import gives_a_command, unnamed_actions
from adapters.offline.planner import make_plan
from adapters.offline.request import Request
from tests.offline_pickers import department_picker

TUESDAY = date(2026, 9, 1)


@dataclass
class _Score:
    name: str
    trigger: float
    fit: float


REPORT = "Leila says the price on ORD-10404 looks wrong"


def test_an_unnamed_action_gives_way_to_a_read() -> None:
    scores = [_Score("process_refund", 0.0, 1.0), _Score("lookup_ticket", 0.0, 1.0)]
    assert unnamed_actions(REPORT, scores, {"process_refund"}) == {"process_refund"}  # type: ignore[arg-type]


def test_a_named_action_stays() -> None:
    scores = [_Score("process_refund", 3.0, 1.0), _Score("lookup_ticket", 0.0, 1.0)]
    assert unnamed_actions(REPORT, scores, {"process_refund"}) == frozenset()  # type: ignore[arg-type]


def test_an_action_with_no_read_to_run_stays() -> None:
    scores = [_Score("send_reminder", 0.0, 1.0), _Score("track_budget", 0.0, -1.0)]
    assert unnamed_actions(REPORT, scores, {"send_reminder"}) == frozenset()  # type: ignore[arg-type]


def test_a_command_keeps_its_action() -> None:
    scores = [_Score("update_crm", 0.0, 1.0), _Score("qualify_lead", 0.0, 1.0)]
    text = "we lost the Granite Labs deal, log it"
    assert unnamed_actions(text, scores, {"update_crm"}) == frozenset()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("mark Granite Labs as lost", True),
        ("we lost Granite Labs, record it", True),
        ("could you sort out ORD-10404", True),
        ("Bitte kümmere dich um ORD-10404", True),
        ("nobody on ORD-10404 can come. can we sort out their money?", True),
        ("Leila says the price on ORD-10404 looks wrong", False),
        ("the buyer thinks ORD-10404 was billed twice", False),
    ],
)
def test_gives_a_command(text: str, command: bool) -> None:
    assert gives_a_command(text) is command


def test_a_long_request_is_scanned_in_bounded_time() -> None:
    assert gives_a_command("the order looks odd " * 2000) is False


@pytest.mark.parametrize(
    "text",
    [
        "the buyer on ORD-10777 thinks the amount is off",
        "Julian Nguyen says ORD-10777 shows the wrong price",
        "ORD-10123 was billed twice apparently",
    ],
)
def test_a_billing_doubt_is_looked_up_not_refunded(text: str) -> None:
    plan = make_plan(department_picker("support"), Request(text, None, TUESDAY))
    assert "lookup_ticket" in plan.steps
    assert not {"process_refund", "resend_ticket", "transfer_ticket"} & set(plan.steps)


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("refund ORD-10777, she can't make it", "process_refund"),
        ("Kwame can no longer attend, ORD-10123", "process_refund"),
        ("please resend the ticket for ORD-10404", "resend_ticket"),
    ],
)
def test_a_named_act_is_still_proposed(text: str, action: str) -> None:
    plan = make_plan(department_picker("support"), Request(text, None, TUESDAY))
    assert action in plan.steps


@pytest.mark.parametrize(
    "text",
    [
        "Passe l'opportunité Nova Bio à l'étape proposal",
        "Pasa la oportunidad de Vector Health a negotiation",
        "Setze Harbor Health auf closed_won",
    ],
)
def test_es_fr_de_imperatives_are_commands(text: str) -> None:
    assert gives_a_command(text)


@pytest.mark.parametrize(
    "text",
    ["I'd like my ticket money returned", "je voudrais être remboursée", "ich möchte mein Geld"],
)
def test_a_wish_is_a_request(text: str) -> None:
    assert gives_a_command(text)
