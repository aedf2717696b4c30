"""Support request handling (seed 000 ``handle_support_request``) as an explicit graph.

understand (category, identifiers, escalation signals) → knowledge base (top 3) →
look up the order when the message names one or an email → decide (the requested
action as a pending action with the policy's amount; escalation for refunds above $500,
safety, security, legal, upset attendees or unresolved requests) → answer (the model
writes a friendly reply from the computed facts).
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, NotRequired, TypedDict

from langgraph.graph import StateGraph
from langgraph.runtime import Runtime

from adapters.services import Services
from domain.question_mood import asks_for_information
from graphs.context import Context
from graphs.state import DepartmentResult, PendingAction, PlanStep
from nodes.dependent_actions import dependent_on, reasons_left
from nodes.playbooks import support_request_steps as steps
from nodes.playbooks.catalog import Playbook
from nodes.playbooks.playbook_kit import (
    PlaybookInput,
    PlaybookOutput,
    department_result,
    kept_actions,
    run_tool,
    sequential_graph,
)
from nodes.playbooks.support_answer import answer_facts
from nodes.playbooks.support_request_parsing import parse_request
from nodes.writing import write
from tools.results.support import LOOKUP_TICKET, SEARCH_KNOWLEDGE_BASE, TicketOrder

NAME = "support_request"
KB_TOP_K = 3


class SupportState(TypedDict):
    """Working state of one support request."""

    step: PlanStep
    inputs: dict[str, DepartmentResult]
    request: str
    text: NotRequired[str]
    understood: NotRequired[dict[str, Any]]
    kb_hits: NotRequired[list[dict[str, Any]]]
    orders: NotRequired[list[TicketOrder]]
    decision: NotRequired[dict[str, Any]]
    actions: NotRequired[list[PendingAction]]
    tools_used: Annotated[list[str], operator.add]
    errors: Annotated[list[dict[str, str]], operator.add]
    result: NotRequired[DepartmentResult]


def request_text(state: SupportState) -> str:
    """The attendee's words: the request, or the planner's task when there is none."""
    return (state.get("request") or state["step"]["task"]).strip()


def build(
    services: Services,
) -> StateGraph[SupportState, Context, PlaybookInput, PlaybookOutput]:
    """The support request graph (uncompiled)."""

    def understand(state: SupportState) -> dict[str, Any]:
        text = request_text(state)
        parsed = parse_request(text)
        understood = {
            "category": parsed.category,
            "signals": parsed.signals,
            "order_numbers": parsed.order_numbers,
            "emails": parsed.emails,
            "ticket_codes": parsed.ticket_codes,
            "requested_amount": (
                float(parsed.requested_amount) if parsed.requested_amount is not None else None
            ),
            "injection_suspected": parsed.injection_suspected,
        }
        return {"text": text, "understood": understood}

    def search_knowledge_base(state: SupportState, runtime: Runtime[Context]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []
        query = parse_request(state["text"]).kb_query
        with services.scope(runtime.context.tenant_id, actor="support") as scope:
            args = {"query": query, "top_k": KB_TOP_K}
            out = run_tool(scope, SEARCH_KNOWLEDGE_BASE, args, errors)
        hits = [
            {"slug": r["slug"], "title": r["title"], "score": r["score"], "snippet": r["snippet"]}
            for r in (out["results"] if out else [])
        ]
        return {"kb_hits": hits, "tools_used": ["search_knowledge_base"], "errors": errors}

    def lookup_ticket(state: SupportState, runtime: Runtime[Context]) -> dict[str, Any]:
        parsed = parse_request(state["text"])
        emails = [e for e in parsed.emails if e != parsed.holder.email]
        if parsed.order_numbers:
            lookups = [{"order_number": n} for n in parsed.order_numbers[: steps.MAX_ORDERS]]
        elif emails:
            lookups = [{"email": emails[0]}]
        else:
            return {"orders": []}
        errors: list[dict[str, str]] = []
        orders: list[Any] = []
        with services.scope(runtime.context.tenant_id, actor="support") as scope:
            for args in lookups:
                out = run_tool(scope, LOOKUP_TICKET, args, errors)
                orders.extend(out["orders"] if out else [])
        return {"orders": orders, "tools_used": ["lookup_ticket"], "errors": errors}

    def decide(state: SupportState, runtime: Runtime[Context]) -> dict[str, Any]:
        parsed = parse_request(state["text"])
        orders = state.get("orders", [])
        order = steps.choose_order(orders, parsed.order_numbers)
        decision = steps.decide(
            state["step"]["id"],
            parsed,
            order,
            kb_found=bool(state.get("kb_hits")),
            requester_email=runtime.context.actor,
            more=steps.further_orders(orders, parsed.order_numbers, order),
        )
        kept = kept_actions(decision.actions, state.get("request", ""))
        if asks_for_information(state["text"]):
            # "How much can we still refund on ORD-11279?" asks for the amount: it is
            # answered from the order, and nothing is refunded, resent or transferred.
            kept = [a for a in kept if a["tool"] not in steps.REQUESTED_ACTIONS]
            kept = [a for a in kept if not dependent_on(dict(a), steps.REQUESTED_ACTIONS)]
        # An action the request ruled out takes its escalation and next step with it:
        # "don't refund it" leaves no refund to escalate or to approve.
        dropped = {a["tool"] for a in decision.actions} - {a["tool"] for a in kept}
        next_steps = decision.next_steps
        if "process_refund" in dropped:
            next_steps = [s for s in next_steps if s != steps.REFUND_NEXT_STEP]
        return {
            "actions": kept,
            "decision": {
                "order": steps.order_facts(order) if order else None,
                "orders_found": [o["order_number"] for o in state.get("orders", [])][:5],
                "escalation_reasons": reasons_left(decision.reasons, dropped),
                "ignored_signals": decision.ignored_signals,
                "next_steps": next_steps,
            },
        }

    def answer(state: SupportState) -> dict[str, Any]:
        understood = state["understood"]
        decision = state["decision"]
        actions = state.get("actions", [])
        kb_hits = state.get("kb_hits", [])
        facts = answer_facts(state["text"], understood, kb_hits, decision, actions)
        reply = write(services.model, "support_answer", facts, answer=True)
        data = {
            "category": understood["category"],
            "signals": understood["signals"],
            "ignored_signals": decision["ignored_signals"],
            "injection_suspected": understood["injection_suspected"],
            "kb_hits": [{k: h[k] for k in ("slug", "title", "score")} for h in kb_hits],
            "order": decision["order"],
            "orders_found": decision["orders_found"],
            "escalation_reasons": decision["escalation_reasons"],
            "next_steps": decision["next_steps"],
            "proposed_actions": [
                {"action_id": a["action_id"], "tool": a["tool"], "args": a["args"]} for a in actions
            ],
            "errors": state.get("errors", []),
        }
        result = department_result(
            state["step"],
            department="support",
            playbook=NAME,
            summary=reply,
            data=data,
            tools_used=state.get("tools_used", []),
            pending_actions=actions,
        )
        return {"result": result}

    return sequential_graph(
        SupportState,
        [
            ("understand", understand),
            ("search_knowledge_base", search_knowledge_base),
            ("lookup_ticket", lookup_ticket),
            ("decide", decide),
            ("answer", answer),
        ],
    )


PLAYBOOK = Playbook(
    name=NAME,
    department="support",
    build=build,
    triggers=(
        "support request",
        "customer request",
        "attendee asks",
        "attendee says",
        "ticket issue",
        "refund",
        "transfer my ticket",
        "resend",
        "didn't receive",
        "no recibí",
        "remboursement",
    ),
    description="Support request: knowledge-base answer, ticket lookup, the requested "
    "refund, transfer or resend proposed under the refund policy, and escalation to a "
    "human for refunds above $500, safety, security, legal or upset attendees.",
)
