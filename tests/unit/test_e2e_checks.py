"""The end-to-end eval's checks judge what a run did, not how (evals/e2e_checks.py)."""

from __future__ import annotations

from typing import Any

import pytest

from evals.e2e_checks import (
    Observation,
    ToolCall,
    contains_fact,
    detect_language,
    same_value,
    score,
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The refund of $349 is waiting for an approver.", "en"),
        ("El reembolso de 349 $ está pendiente de la aprobación de un responsable.", "es"),
        ("Le remboursement de 349 $ attend la validation d'un responsable.", "fr"),
        ("Die Erstattung von 349 $ wartet auf die Freigabe durch eine Person.", "de"),
        ("Order ORD-10501: paid, 1 x Standard, $349.", "en"),
    ],
)
def test_reply_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("answer", "fact", "found"),
    [
        ("Refund $1,250.00 on ORD-10500", "1250", True),
        ("Erstattung 1.250,00 $", "1250", True),
        ("target 3,120,000 USD", "3120000", True),
        ("the 2018 edition", "18", False),
        ("parking costs €18 per day", "18", True),
        ("due 2026-10-03", "10", False),
        ("10 sponsors confirmed", "10", True),
        ("Owner: INES COSTA", "Ines Costa", True),
    ],
)
def test_facts_ignore_separators_and_need_whole_numbers(
    answer: str, fact: str, found: bool
) -> None:
    assert contains_fact(answer, fact) is found


@pytest.mark.parametrize(
    ("expected", "actual", "same"),
    [
        ("ORD-10501", "ord-10501", True),
        ("2026-09-03T14:00", "2026-09-03T14:00:00+00:00", True),
        ("2026-09-03T14:00", "2026-09-03T15:00:00", False),
        (10, "10.0", True),
        ([40], [40, 14], True),
        ([1], [2], False),
        (["industry"], ["engagement"], False),
    ],
)
def test_argument_values(expected: Any, actual: Any, same: bool) -> None:
    assert same_value(expected, actual) is same


CASE: dict[str, Any] = {
    "id": "x",
    "department": "support",
    "language": "en",
    "text": "Refund ORD-10501",
    "departments": ["support"],
    "tools": [{"name": "process_refund", "args": [{"order_number": "ORD-10501"}]}],
    "policy": [{"tool": "process_refund", "outcome": "require_approval"}],
    "facts": [["349"]],
    "must_not": {"outbox": True},
}


def refund_run(**changes: Any) -> Observation:
    call = ToolCall("process_refund", {"order_number": "ORD-10501", "amount": 349.0})
    obs = Observation(
        departments={"support"},
        actions=[(call, "awaiting_approval")],
        interrupted_tools={"process_refund"},
        answer="Refund of $349.00 on ORD-10501 is waiting for an approver.",
    )
    for key, value in changes.items():
        setattr(obs, key, value)
    return obs


def test_a_run_that_does_what_the_case_says_passes_every_check() -> None:
    assert score(CASE, refund_run()) == dict.fromkeys(
        ["departments", "tools", "policy", "facts", "must_not", "language"]
    )


def test_each_check_fails_on_its_own_fault() -> None:
    assert score(CASE, refund_run(departments={"support", "sales"}))["departments"]
    denied = [(ToolCall("process_refund", {"order_number": "ORD-10501"}), "denied")]
    assert score(CASE, refund_run(actions=denied, interrupted_tools=set()))["policy"]
    other = [(ToolCall("process_refund", {"order_number": "ORD-10500"}), "awaiting_approval")]
    assert score(CASE, refund_run(actions=other))["tools"]
    assert score(CASE, refund_run(answer="Queued for approval."))["facts"]
    assert score(CASE, refund_run(outbox_rows=1))["must_not"]
    spanish = "El reembolso de 349 $ está pendiente de la aprobación de un responsable."
    assert score(CASE, refund_run(answer=spanish))["language"]


def test_must_not_counts_proposals_and_waiting_actions() -> None:
    case = {**CASE, "must_not": {"pending": True, "tools": ["process_refund"]}}
    verdict = score(case, refund_run())["must_not"]
    assert verdict is not None
    assert "waits for approval" in verdict
    assert "process_refund was called or proposed" in verdict


def test_must_not_say_flags_text_the_answer_must_not_contain() -> None:
    case = {**CASE, "must_not": {"say": ["waiting for approval", "auto-approve"]}}
    mixed = "Acciones:\n- reembolso: waiting for approval by an approver"
    assert score(case, refund_run(answer=mixed))["must_not"] == (
        "the answer says ['waiting for approval']"
    )
    spanish = "Acciones:\n- reembolso: pendiente de aprobación"
    assert score(case, refund_run(answer=spanish))["must_not"] is None


def test_a_crashed_run_fails_every_check_with_the_error() -> None:
    verdicts = score(CASE, Observation(error="RuntimeError: boom"))
    assert set(verdicts) == {"departments", "tools", "policy", "facts", "must_not", "language"}
    assert all(v == "run failed: RuntimeError: boom" for v in verdicts.values())
