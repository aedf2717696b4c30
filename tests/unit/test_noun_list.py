"""A bare list of three or more things becomes one read per item (issue 9, noun lists);
a terse list of one job's details ("proposal for X, silver package, 5% off") keeps its job."""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.noun_list import noun_list_items
from adapters.offline.planner import make_plan, written_steps
from adapters.offline.request import Request
from tests.offline_pickers import department_picker


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("Acme, Globex, Initech", ["Acme", "Globex", "Initech"]),
        (
            "for Monday's stand-up: overdue tasks, the catering overspend, and unconfirmed vendors",
            ["overdue tasks", "the catering overspend", "unconfirmed vendors"],
        ),
        (
            "Para el comité: ingresos por canal, el presupuesto de seguridad y los pedidos",
            ["ingresos por canal", "el presupuesto de seguridad", "los pedidos"],
        ),
        (
            "the open and click rates, the budget, the vendors",
            ["the open and click rates", "the budget", "the vendors"],
        ),
    ],
)
def test_a_bare_list_is_its_items(text: str, items: list[str]) -> None:
    assert noun_list_items(text) == items
    assert written_steps(text) == items


@pytest.mark.parametrize(
    "text",
    [
        "Compare the newsletter and the LinkedIn campaign",
        "tell me the budget, the vendors and the tasks",
        "how are sales, what is the budget, who owns the AV sheet",
        "if the vendor confirmed, remind them, escalate it",
        "refund ORD-1, ORD-2 and ORD-3",
        "x, " * 5000,
        "list the deals in negotiation, but leave Acme out of it",
        "the deals in negotiation, except Acme",
        "Hola, quiero que me devuelvan el dinero del pedido ORD-10642, me surgió un imprevisto",
        "Bonjour, pourriez-vous rembourser ma commande ORD-10642 ? Je ne peux plus venir.",
        "Hi there, my order ORD-1, the refund",
        "the budget. the vendors, the tasks, the sales",
    ],
)
def test_prose_and_instructions_are_no_bare_list(text: str) -> None:
    assert noun_list_items(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "late tasks, the Catering overspend and Bloom Decor's confirm-by date",
        "blocked deliverables, the security spend, PhotoLane's status",
    ],
)
def test_each_item_gets_its_read_and_nothing_is_acted_on(text: str) -> None:
    steps = make_plan(department_picker("operations"), Request(text, None, date(2026, 9, 1))).steps
    assert {"check_deliverables", "track_budget"} <= set(steps)
    assert not {"send_reminder", "escalate_issue"} & set(steps)


@pytest.mark.parametrize(
    ("department", "text", "tool"),
    [
        ("sales", "proposal for Nimbus Metrics, silver package, 5% off", "generate_proposal"),
        (
            "marketing",
            "landing page copy, two versions, the goal is conversions",
            "generate_content",
        ),
    ],
)
def test_a_list_of_one_job_s_details_keeps_the_job(department: str, text: str, tool: str) -> None:
    steps = make_plan(department_picker(department), Request(text, None, date(2026, 9, 1))).steps
    assert tool in steps


@pytest.mark.parametrize(
    ("department", "text", "reads"),
    [
        (
            "sales",
            "deals in negotiation, the Gold package price",
            {"review_pipeline", "list_packages"},
        ),
        ("operations", "blocked tasks, the security spend", {"check_deliverables", "track_budget"}),
    ],
)
def test_the_router_s_two_item_share_of_a_list_is_read_item_by_item(
    department: str, text: str, reads: set[str]
) -> None:
    steps = make_plan(department_picker(department), Request(text, None, date(2026, 9, 1))).steps
    assert reads <= set(steps)
