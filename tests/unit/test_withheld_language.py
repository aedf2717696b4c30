"""Issue 9, patterns 1 and 4: the line saying a ruled-out action was not proposed is in
the request's language, and written once when the offline model already wrote it."""

from __future__ import annotations

from graphs.state import DepartmentResult
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
        "Como pediste, no se propuso nada de tipo refund."
    )
    english = withhold_negated(_result("Order ORD-10501: paid."), "don't refund ORD-10501")
    assert english["summary"].splitlines()[-1] == "As you asked, nothing to refund was proposed."


def test_a_note_the_offline_model_wrote_in_french_is_not_repeated_in_english() -> None:
    summary = "Commande ORD-10501 : paid.\nComme demandé, je n'ai rien fait de type refund."
    result = withhold_negated(_result(summary), "Ne rembourse pas encore la commande ORD-10501")
    assert result["summary"] == summary
