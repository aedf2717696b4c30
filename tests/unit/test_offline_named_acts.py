"""An action is proposed only when the request names the act (``adapters.offline.named_acts``).

Requests of my own, in no eval set: a report of a billing doubt gets the order's lookup,
not a refund or a resend; a request that names the act keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.named_acts import unnamed_actions
from adapters.offline.planner import make_plan
from adapters.offline.request import Request
from tests.offline_pickers import department_picker

TUESDAY = date(2026, 9, 1)


@dataclass
class _Score:
    name: str
    trigger: float
    fit: float


def test_an_unnamed_action_gives_way_to_a_read() -> None:
    scores = [_Score("process_refund", 0.0, 1.0), _Score("lookup_ticket", 0.0, 1.0)]
    assert unnamed_actions(scores, {"process_refund"}) == {"process_refund"}


def test_a_named_action_stays() -> None:
    scores = [_Score("process_refund", 3.0, 1.0), _Score("lookup_ticket", 0.0, 1.0)]
    assert unnamed_actions(scores, {"process_refund"}) == frozenset()


def test_an_action_with_no_read_to_run_stays() -> None:
    scores = [_Score("send_reminder", 0.0, 1.0), _Score("track_budget", 0.0, -1.0)]
    assert unnamed_actions(scores, {"send_reminder"}) == frozenset()


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
