"""Issue 9, patterns 1 and 4: the line saying a ruled-out action was not proposed is in
the request's language, and written once when the offline model already wrote it."""

from __future__ import annotations

from graphs.state import DepartmentResult, PendingAction
from nodes.department_steps import withhold_negated


def _result(summary: str) -> DepartmentResult:
    return DepartmentResult(
        step_id="s1",
        department="support",
        playbook=None,
        status="done",
        summary=summary,
        data={},
        tools_used=["lookup_ticket"],
        pending_actions=[],
    )


def test_the_note_is_in_the_request_language() -> None:
    request = "Mira el pedido ORD-10501, pero no lo reembolses todavía"
    result = withhold_negated(_result("Pedido ORD-10501: pagado."), request)
    assert result["summary"].splitlines()[-1] == (
        "Como pediste, no se propuso nada de tipo reembolso."
    )
    english = withhold_negated(_result("Order ORD-10501: paid."), "don't refund ORD-10501")
    assert english["summary"].splitlines()[-1] == "As you asked, nothing to refund was proposed."


def test_a_note_the_offline_model_wrote_in_french_is_not_repeated_in_english() -> None:
    summary = "Commande ORD-10501 : paid.\nComme demandé, je n'ai rien fait de type refund."
    result = withhold_negated(_result(summary), "Ne rembourse pas encore la commande ORD-10501")
    assert result["summary"] == summary


def test_actions_dropped_because_the_request_ruled_them_out_are_named_in_its_language() -> None:
    refund = PendingAction(
        action_id="a1",
        department="support",
        tool="process_refund",
        args={"order_number": "ORD-10501", "amount": 349.0},
        summary="Refund $349.00 on ORD-10501 (full refund)",
        facts={},
    )
    result = {**_result("Pedido ORD-10501: pagado."), "pending_actions": [refund]}
    request = "Mira el pedido ORD-10501, pero no lo reembolses todavía"
    spanish = withhold_negated(DepartmentResult(**result), request)  # type: ignore[typeddict-item]
    assert spanish["pending_actions"] == []
    assert spanish["summary"].splitlines()[-1] == (
        "No propuesto (la petición lo excluye): reembolso de 349,00\u00a0$ del pedido ORD-10501."
    )
    english = withhold_negated(DepartmentResult(**result), "don't refund ORD-10501")  # type: ignore[typeddict-item]
    assert english["summary"].splitlines()[-1] == (
        "Not proposed (the request says not to refund): Refund $349.00 on ORD-10501 (full refund)."
    )
