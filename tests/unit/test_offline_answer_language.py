"""Issue 9, pattern 4: the offline model answers in the request's language (es, fr, de),
block by block, with English for a block not yet translated."""

from __future__ import annotations

import pytest

from adapters.offline.answers import CallOutcome, final_answer, no_tool_answer, section
from graphs.state import DepartmentResult, PendingAction
from nodes.synthesis import pending_note

ORDER = {
    "count": 1,
    "orders": [
        {
            "order_number": "ORD-10501",
            "status": "paid",
            "quantity": 1,
            "ticket_type": "Standard",
            "amount": 349,
            "buyer_name": "Maya Lindqvist",
        }
    ],
}


@pytest.mark.parametrize(
    ("language", "first_line"),
    [
        ("en", "Found 1 order(s)."),
        ("es", "Pedidos encontrados: 1."),
        ("fr", "Commandes trouvées : 1."),
        ("de", "1 Bestellung(en) gefunden."),
    ],
)
def test_a_lookup_is_told_in_the_request_language(language: str, first_line: str) -> None:
    text = final_answer([CallOutcome("lookup_ticket", {}, ORDER)], language=language)
    assert text.splitlines()[0] == first_line
    assert "ORD-10501" in text and "Maya Lindqvist" in text


def test_an_untranslated_block_falls_back_to_english() -> None:
    assert section("plain", "es") == section("plain", "en")  # never translated
    assert section("ab_test", "xx") == section("ab_test", "en")


def test_the_clarifying_question_and_the_no_tool_answer_are_translated() -> None:
    question = final_answer([], missing=("process_refund", ["order_number"]), language="fr")
    assert question.startswith("Pour le remboursement, il me faut le numéro de commande")
    assert no_tool_answer(["lookup_ticket"], "de").startswith("Für diese Anfrage")


def test_the_queued_note_and_the_proposed_actions_line_follow_the_language() -> None:
    queued = CallOutcome("process_refund", {"order_number": "ORD-10501"}, _queued())
    text = final_answer([queued], language="es")
    assert "aún no se ha hecho" in text
    assert "La política de aprobación decide" in text
    result = DepartmentResult(
        step_id="s1",
        department="support",
        playbook=None,
        status="done",
        summary="",
        data={},
        tools_used=[],
        pending_actions=[PendingAction(tool="process_refund")],  # type: ignore[typeddict-item]
    )
    assert pending_note([result], "de") == "1 Aktion(en) zur Prüfung vorgeschlagen: die Erstattung."
    assert pending_note([result]) == "1 action(s) proposed for review: process_refund."


def _queued() -> dict[str, str]:
    return {"status": "queued_for_approval"}
