"""Issue 9, pattern 7 and "honest answers": the answer states what became of every action."""

from __future__ import annotations

from typing import Any

from domain.language import detect_language
from graphs.state import ActionOutcome, DepartmentName, PendingAction
from nodes.answer_frame import body_of, framed_answer, status_line

SUMMARY = (
    "Order ORD-10777: paid, $1,250.00, full refund rule.\n"
    "Process refund proposed (amount=$1,250.00); not done yet."
)


def action(
    tool: str, args: dict[str, Any], action_id: str = "a1", dept: DepartmentName = "support"
) -> Any:
    return PendingAction(
        action_id=action_id, department=dept, tool=tool, args=args, summary=tool, facts={}
    )


def state(outcomes: list[ActionOutcome], proposed: list[Any]) -> dict[str, Any]:
    return {
        "answer": SUMMARY,
        "results": {"s1": {"pending_actions": proposed}},
        "actions": {o["action"]["action_id"]: o for o in outcomes},
    }


def test_a_denied_email_reads_as_denied_with_its_reason() -> None:
    email = action("send_email", {"to": "kai@globex.example", "subject": "Hi"}, dept="sales")
    denied = ActionOutcome(
        action=email,
        status="denied",
        reasons=[{"rule": "opted_out", "message": "kai@globex.example opted out"}],
    )
    answer = framed_answer(state([denied], [email]))
    assert answer is not None
    assert "- send_email (sales): denied: kai@globex.example opted out" in answer
    assert "queued" not in answer and "waiting for approval" not in answer


def test_a_waiting_action_names_who_decides_and_why() -> None:
    refund = action("process_refund", {"order_number": "ORD-10777", "amount": 1250})
    waiting = ActionOutcome(
        action=refund,
        status="awaiting_approval",
        reasons=[{"rule": "refund_over_limit", "message": "Refunds above $500 need a human"}],
    )
    line = status_line(waiting, refund)
    assert line == (
        "- process_refund (support): waiting for approval by an approver (role approver or "
        "admin): Refunds above $500 need a human [order_number ORD-10777, amount $1,250.00]"
    )


def test_after_an_edit_the_answer_states_the_edited_amount() -> None:
    proposed = action("process_refund", {"order_number": "ORD-10777", "amount": 1250.0})
    edited = action("process_refund", {"order_number": "ORD-10777", "amount": 400.0})
    done = ActionOutcome(action=edited, status="executed", reasons=[], result={"amount": 400.0})
    answer = framed_answer(state([done], [proposed]))
    assert answer is not None
    order_line, proposal_line = body_of(answer).splitlines()
    assert order_line == "Order ORD-10777: paid, $1,250.00, full refund rule."  # a price, kept
    assert proposal_line == (
        "Process refund proposed (amount=$400.00 (edited from $1,250.00)); not done yet."
    )
    assert answer.endswith(
        "- process_refund (support): done (edited by a reviewer: amount $1,250.00 -> $400.00)"
        " [order_number ORD-10777, amount $400.00]"
    )


def test_every_action_gets_a_line_and_the_frame_is_rewritten_not_stacked() -> None:
    a = action("send_email", {"to": "a@x.example"}, "a1", "sales")
    b = action("send_email", {"to": "b@x.example"}, "a2", "sales")
    outcomes = [
        ActionOutcome(action=a, status="executed", reasons=[], result={}),
        ActionOutcome(action=b, status="rejected", reasons=[], message="wrong person"),
    ]
    first = framed_answer(state(outcomes, [a, b]))
    assert first is not None
    again = framed_answer({**state(outcomes, [a, b]), "answer": first})
    assert again == first and first.count("Actions:") == 1
    assert "- send_email (sales): done [to a@x.example]" in first
    assert "- send_email (sales): rejected: wrong person [to b@x.example]" in first


def test_no_actions_no_frame() -> None:
    assert framed_answer({"answer": "Sales so far: 412 tickets.", "actions": {}}) is None


def test_the_frame_is_in_the_request_language() -> None:
    """Issue 9, item 3: the status lines follow the request's language."""
    email = action("send_email", {"to": "ana@globex.example"}, dept="sales")
    waiting = ActionOutcome(action=email, status="awaiting_approval", reasons=[])
    cases = {
        "Escribe a Ana de Globex y mándale el correo por favor": (
            "Acciones:",
            "El envío del correo (Ventas): pendiente de aprobación por un aprobador",
            "[para ana@globex.example]",
        ),
        "Écris à Ana chez Globex et envoie le mail s'il vous plaît": (
            "Actions :",
            "L'envoi de l'e-mail (Ventes) : en attente d'approbation par un approbateur",
            "[à ana@globex.example]",
        ),
        "Schreib Ana bei Globex und schicke die Mail bitte ab": (
            "Aktionen:",
            "Die E-Mail (Vertrieb): wartet auf Freigabe durch eine freigebende Person",
            "[an ana@globex.example]",
        ),
        "Email Ana at Globex please": (
            "Actions:",
            "send_email (sales): waiting for approval by an approver",
            "[to ana@globex.example]",
        ),
    }
    for request, (heading, words, args) in cases.items():
        answer = framed_answer({**state([waiting], [email]), "request": request})
        assert answer is not None
        assert f"\n\n{heading}\n- {words}" in answer, request
        assert answer.endswith(args), request
        # A rewritten frame replaces the old one, whatever its language.
        assert body_of(answer) == SUMMARY


def test_language_detection_defaults_to_english() -> None:
    assert detect_language("Refund ORD-10501") == "en"
    assert detect_language("Draft a note to Señor Ramírez at Acme") == "en"
    assert detect_language("Quiero un reembolso del pedido ORD-10502") == "es"
    assert detect_language("Je veux un remboursement pour la commande ORD-10501") == "fr"
    assert detect_language("Ich möchte eine Erstattung für Bestellung ORD-10501") == "de"
