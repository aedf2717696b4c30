"""Issue 9, item 3: a Spanish, French or German request that needs approval is answered
in its language at every step - waiting, then approved, edited or rejected.

The supervisor graph runs with the offline model on a fresh demo copy; the approval
gate is resumed with the standard HITL decisions (``Command(resume=...)``). Each reply
must state the action's status and the policy's reasons without English status words,
and after an edit it states the edited amount.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from langchain_core.messages import HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from domain.demo import anchors
from graphs.context import Context
from graphs.supervisor import compile_supervisor

CONTEXT = Context(tenant_id=anchors.TENANT_ID, actor="reviewer@northwind.example")
ABOVE = anchors.ORDER_ABOVE_REFUND_THRESHOLD  # a $1,250.00 order
NB = "\u00a0"
ENGLISH = (
    "External actions",
    "auto-approve",
    "waiting for approval",
    "is above the",
    "exceeds the",
    "proposed",
    "not done yet",
    "edited from",
    "edited by",
    "order_number",
    "(sales)",
    "rejected",
    "done",
    "Refund of",
)
"""Status and reason words an English reply uses; none may appear in the others."""

REFUNDS = {
    "es": f"Hola, quiero un reembolso del pedido {ABOVE}, ya no puedo ir",
    "fr": f"Bonjour, je voudrais un remboursement pour la commande {ABOVE}, je ne peux plus venir.",
    "de": f"Ich möchte bitte eine Rückerstattung für Bestellung {ABOVE}",
}
WORDS = {
    "es": {
        "limit": f"supera el límite de 500,00{NB}$",
        "waiting": "pendiente de aprobación por un aprobador",
        "done": "hecho",
        "edited": f"importe 400,00{NB}$",
        "rejected": "rechazado: ",
    },
    "fr": {
        "limit": f"dépasse la limite de 500,00{NB}$",
        "waiting": "en attente d'approbation par un approbateur",
        "done": "fait",
        "edited": f"montant 400,00{NB}$",
        "rejected": "rejeté : ",
    },
    "de": {
        "limit": f"über dem Limit von 500,00{NB}$",
        "waiting": "wartet auf Freigabe durch eine freigebende Person",
        "done": "erledigt",
        "edited": f"Betrag 400,00{NB}$",
        "rejected": "zurückgewiesen: ",
    },
}


def english_in(answer: str) -> list[str]:
    return [words for words in ENGLISH if words in answer]


def run(make_services: Any, text: str) -> tuple[Any, RunnableConfig, dict[str, Any]]:
    services = make_services(None)  # the offline model
    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    config: RunnableConfig = {"configurable": {"thread_id": f"i18n-{uuid.uuid4().hex[:8]}"}}
    out = graph.invoke({"messages": [HumanMessage(text)]}, config, context=CONTEXT)
    return graph, config, out


def resume(graph: Any, config: RunnableConfig, first: dict[str, Any], waiting: int) -> Any:
    """``first`` for the first waiting action, approve for the others."""
    decisions = [first] + [{"type": "approve"}] * (waiting - 1)
    return graph.invoke(Command(resume={"decisions": decisions}), config, context=CONTEXT)


def refund_line(answer: str, language: str) -> str:
    name = {"es": "- El reembolso", "fr": "- Le remboursement", "de": "- Die Erstattung"}
    [line] = [line for line in answer.splitlines() if line.startswith(name[language])]
    return line


@pytest.mark.parametrize("language", ["es", "fr", "de"])
@pytest.mark.parametrize("decision", ["approve", "edit", "reject"])
def test_a_refund_above_the_limit_is_told_in_the_request_language(
    make_services: Any, language: str, decision: str
) -> None:
    graph, config, out = run(make_services, REFUNDS[language])
    words = WORDS[language]
    [interrupt] = out["__interrupt__"]
    requests = interrupt.value["action_requests"]
    assert requests[0]["name"] == "process_refund"
    first = out["answer"]
    line = refund_line(first, language)
    assert words["waiting"] in line and words["limit"] in line
    assert english_in(first) == []

    if decision == "approve":
        choice: dict[str, Any] = {"type": "approve"}
    elif decision == "edit":
        args = {**requests[0]["args"], "order_number": ABOVE, "amount": 400}
        choice = {"type": "edit", "edited_action": {"name": "process_refund", "args": args}}
    else:
        choice = {"type": "reject", "message": "El cliente ya recibió un vale"}
    done = resume(graph, config, choice, len(requests))
    answer = done["answer"]
    line = refund_line(answer, language)

    if decision == "reject":
        assert f"{words['rejected']}El cliente ya recibió un vale" in line
    else:
        assert f": {words['done']}" in line
    if decision == "edit":  # the reviewer's change, then the amount that was refunded
        assert f"-> 400,00{NB}$)" in line
        assert line.endswith(f"{words['edited']}]")
    assert english_in(answer) == [], answer


def test_after_an_edit_the_body_quotes_the_edited_amount(make_services: Any) -> None:
    graph, config, out = run(make_services, REFUNDS["fr"])
    requests = out["__interrupt__"][0].value["action_requests"]
    assert f"remboursement de 1\u202f250,00{NB}$ sur la commande {ABOVE}" in out["answer"]
    args = {**requests[0]["args"], "amount": 400}
    edit = {"type": "edit", "edited_action": {"name": "process_refund", "args": args}}

    answer = resume(graph, config, edit, len(requests))["answer"]

    assert (
        f"remboursement de 400,00{NB}$ (modifié ; avant : 1\u202f250,00{NB}$) sur la commande "
        f"{ABOVE}" in answer
    )
    assert f"montant 1\u202f250,00{NB}$ -> 400,00{NB}$" in answer


@pytest.mark.parametrize(
    ("language", "text", "waiting", "done"),
    [
        (
            "es",
            "Escríbele a elena.lindgren@acmecloud.example para contarle del paquete Gold",
            "- El envío del correo (Ventas): pendiente de aprobación",
            "- El envío del correo (Ventas): hecho",
        ),
        (
            "fr",
            "Envoie un mail à lucas.patel@globex.example pour lui présenter l'offre Platinum",
            "- L'envoi de l'e-mail (Ventes) : en attente d'approbation",
            "- L'envoi de l'e-mail (Ventes) : fait",
        ),
        (
            "de",
            "Schick bitte eine E-Mail an lucas.patel@globex.example wegen des Gold-Pakets.",
            "- Die E-Mail (Vertrieb): wartet auf Freigabe",
            "- Die E-Mail (Vertrieb): erledigt",
        ),
    ],
)
def test_an_email_waits_then_is_done_in_the_request_language(
    make_services: Any, language: str, text: str, waiting: str, done: str
) -> None:
    graph, config, out = run(make_services, text)
    [interrupt] = out["__interrupt__"]
    assert [r["name"] for r in interrupt.value["action_requests"]] == ["send_email"]
    assert waiting in out["answer"]
    assert english_in(out["answer"]) == []

    answer = resume(graph, config, {"type": "approve"}, 1)["answer"]

    assert done in answer
    assert english_in(answer) == [], answer
