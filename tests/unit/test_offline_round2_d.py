"""Round 2, support/operations/analytics: families of requests the offline path missed.

Requests of my own, not from any eval set:
- a French/Spanish verb whose trigger is a stem ("renvoyer" for ``renvoy\\w*``) is not
  "corrected" to a closer-spelt word that loses the trigger;
- help-article topics asked in Spanish, French or German search the knowledge base;
- asking which vendors are unconfirmed reports on them, it does not remind them;
- an escalation raised only for a refund the request ruled out is not proposed.
"""

from __future__ import annotations

from datetime import date

import pytest

import tools  # noqa: F401  (registers every tool)
from adapters.offline.planner import make_plan
from adapters.offline.request import Request
from nodes.dependent_actions import dependent_on, reasons_left
from nodes.playbooks.playbook_kit import kept_actions
from tests.offline_pickers import department_picker


def _primary(department: str, text: str) -> str | None:
    return make_plan(department_picker(department), Request(text, None, date(2026, 9, 1))).primary


def test_a_word_a_trigger_stem_starts_is_not_corrected() -> None:
    picker = department_picker("support")
    assert "renvoyez" in picker.correct("vous pouvez renvoyez le billet").split()
    assert "resend" in picker.correct("can you resnd it").split()


@pytest.mark.parametrize(
    "text",
    [
        "will the keynotes be recorded?",
        "¿Se graban las ponencias?",
        "Gibt es Parkplätze in der Nähe?",
        "Y a-t-il une option végétarienne ?",
    ],
)
def test_help_topics_in_any_language_search_the_knowledge_base(text: str) -> None:
    assert _primary("support", text) == "search_knowledge_base"


@pytest.mark.parametrize(
    "text", ["suppliers still not confirmed?", "¿Qué proveedores siguen sin confirmar?"]
)
def test_asking_which_vendors_are_unconfirmed_reports(text: str) -> None:
    assert _primary("operations", text) == "generate_status_report"


def _action(tool: str, reasons: list[str] | None = None) -> dict[str, object]:
    facts = {"reasons": reasons} if reasons is not None else {}
    return {
        "action_id": tool,
        "department": "support",
        "tool": tool,
        "args": {},
        "summary": tool,
        "facts": facts,
    }


def test_an_escalation_only_for_a_ruled_out_refund_goes_with_it() -> None:
    refund = _action("process_refund")
    over = _action("escalate_to_human", ["refund_over_limit"])
    angry = _action("escalate_to_human", ["refund_over_limit", "angry"])
    assert dependent_on(over, {"process_refund"})
    assert not dependent_on(angry, {"process_refund"})
    assert not dependent_on(over, set())
    kept = kept_actions([refund, over], "what's on ORD-1? don't refund it")  # type: ignore[list-item]
    assert kept == []
    assert reasons_left(["refund_over_limit", "angry"], {"process_refund"}) == ["angry"]


def test_the_escalation_stays_when_the_refund_does() -> None:
    actions = [_action("process_refund"), _action("escalate_to_human", ["refund_over_limit"])]
    assert len(kept_actions(actions, "refund ORD-1 please")) == 2  # type: ignore[arg-type]


def test_a_late_deliverable_says_by_how_many_days() -> None:
    from adapters.offline.derived_values import derived_values

    result = {
        "deliverables": [
            {"title": "Run sheet", "state": "overdue", "days_overdue": 4},
            {"title": "Banners", "state": "blocked", "days_overdue": 0},
        ]
    }
    values = derived_values("check_deliverables", result)
    assert values["deliverables_0_lateness"] == "overdue by 4 day(s)"
    assert values["deliverables_1_lateness"] == "blocked"


@pytest.mark.parametrize(
    ("language", "status", "rule"),
    [("de", "bezahlt", "vollständig"), ("es", "pagado", "completa"), ("fr", "payée", "complète")],
)
def test_an_order_lookup_names_its_status_and_rule_in_the_reply_language(
    language: str, status: str, rule: str
) -> None:
    from adapters.offline.answers import CallOutcome, summarise_call

    order = {
        "order_number": "ORD-1",
        "status": "paid",
        "quantity": 2,
        "ticket_type": "Standard",
        "amount": 400,
        "buyer_name": "Ana Ruiz",
        "refund_eligibility": {"rule": "full", "refundable_now": 400, "explanation": "x"},
    }
    text = "\n".join(
        summarise_call(CallOutcome("lookup_ticket", {}, {"count": 1, "orders": [order]}), language)
    )
    assert status in text and rule in text
    assert "paid" not in text and "full" not in text
