"""Which support actions a request gets, computed from the order and the refund policy.

Seed 000: take the action the request needs (resend, transfer, refund) and escalate to a
human for refunds above $500, safety, security or legal matters, an upset attendee, or
anything the tools cannot resolve. Every action is pending approval. Amounts come from
``lookup_ticket``'s refund eligibility, never from the message: a smaller amount the
attendee asks for is honoured, a larger one (or an instruction to ignore the rules)
changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from domain.support import REFUND_ESCALATION_THRESHOLD
from graphs.state import PendingAction
from nodes.actions import pending_action
from nodes.playbooks.support_request_parsing import ParsedRequest
from tools.results.support import TicketOrder

CLOSED = frozenset({"cancelled", "refunded"})
REQUESTED_ACTIONS = frozenset({"process_refund", "transfer_ticket", "resend_ticket"})
"""The actions a request asks for by category (escalation is the policy's, not asked)."""
ESCALATION_ORDER = ("safety", "security", "legal", "refund_over_limit", "upset_attendee")
EMAIL_ONLY = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
SUMMARY_TEXT_LIMIT = 600
MAX_ORDERS = 5
"""At most this many quoted orders are looked up and acted on in one request."""


@dataclass
class Decision:
    """The actions for one request and what the attendee should do next."""

    actions: list[PendingAction] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    ignored_signals: list[str] = field(default_factory=list)


def choose_order(orders: list[TicketOrder], wanted: list[str]) -> TicketOrder | None:
    """The order the request is about: the quoted one, else the only open one found."""
    for number in wanted:
        for order in orders:
            if order["order_number"].upper() == number.upper():
                return order
    open_orders = [o for o in orders if o["status"] not in CLOSED]
    if len(orders) == 1:
        return orders[0]
    return open_orders[0] if len(open_orders) == 1 else None


def further_orders(
    orders: list[TicketOrder], wanted: list[str], chosen: TicketOrder | None
) -> list[TicketOrder]:
    """The other orders the request quotes ("resend ORD-1, ORD-2 and ORD-3"), as quoted."""
    found = {o["order_number"].upper(): o for o in orders}
    return [
        found[number.upper()]
        for number in dict.fromkeys(n.upper() for n in wanted[:MAX_ORDERS])
        if number in found and found[number] is not chosen
    ]


def order_facts(order: TicketOrder) -> dict[str, Any]:
    """The bounded facts about an order that the result and the answer carry."""
    eligibility = order["refund_eligibility"]
    return {
        "order_number": order["order_number"],
        "status": order["status"],
        "ticket_type": order["ticket_type"],
        "quantity": order["quantity"],
        "amount": order["amount"],
        "buyer_name": order["buyer"]["name"],
        "buyer_email": order["buyer"]["email"],
        "ticket_codes": [a["ticket_code"] for a in order["attendees"]],
        "refunded_total": order["refunded_total"],
        "refundable_now": eligibility["refundable_now"],
        "refund_rule": eligibility["rule"],
        "refund_explanation": eligibility["explanation"],
    }


REFUND_NEXT_STEP = "The refund goes to the original payment once a person approves it."
"""Said only while a refund is proposed."""


def decide(
    step_id: str,
    parsed: ParsedRequest,
    order: TicketOrder | None,
    *,
    kb_found: bool,
    requester_email: str | None,
    more: list[TicketOrder] | None = None,
) -> Decision:
    """Pending actions, escalation reasons and next steps for the request.

    ``more``: further orders the request quotes. A resend is proposed on each, and so is
    each order's policy refund when no amount was asked (one amount for several orders
    does not say which it is for); a transfer names one new holder, so it stays single.
    """
    decision = Decision()
    if order is None:
        _ask_for_order(parsed, decision)
    elif parsed.category == "refund":
        _refund(step_id, parsed, order, decision)
        if parsed.requested_amount is None:
            for other in more or []:
                _refund(step_id, parsed, other, decision)
    elif parsed.category == "transfer":
        _transfer(step_id, parsed, order, decision)
    elif parsed.category == "resend":
        _resend(step_id, parsed, order, decision)
        for other in more or []:
            _resend(step_id, parsed, other, decision)
    decision.next_steps = list(dict.fromkeys(decision.next_steps))
    signals = [s for s in parsed.signals if s != "refund_over_limit" or order is None]
    decision.ignored_signals = [s for s in parsed.signals if s not in signals]
    decision.reasons = sorted(
        set(signals) | set(decision.reasons), key=lambda r: ESCALATION_ORDER.index(r)
    )
    acted = bool(decision.actions)
    if not decision.reasons and not acted and not kb_found and not decision.next_steps:
        decision.reasons = ["unresolved"]
    if decision.reasons:
        decision.actions.append(_escalation(step_id, parsed, order, decision, requester_email))
    return decision


def _ask_for_order(parsed: ParsedRequest, decision: Decision) -> None:
    if parsed.category in ("refund", "transfer", "resend"):
        if parsed.order_numbers or parsed.emails:
            decision.next_steps.append(
                "Check the order number (ORD-...) or the email used to buy: no single "
                "matching order was found."
            )
        else:
            decision.next_steps.append(
                "Reply with your order number (ORD-...) or the email used to buy."
            )


def _refund(step_id: str, parsed: ParsedRequest, order: TicketOrder, d: Decision) -> None:
    number = order["order_number"]
    eligibility = order["refund_eligibility"]
    policy_amount = Decimal(str(eligibility["refundable_now"]))
    if order["status"] in CLOSED or policy_amount <= 0:
        d.next_steps.append(
            f"No refund is possible on {number} today ({eligibility['explanation']})."
            if order["status"] not in CLOSED
            else f"Order {number} is already {order['status']}."
        )
        return
    requested = parsed.requested_amount
    if requested is None and parsed.refunded_tickets:
        requested = _share_of_tickets(policy_amount, parsed.refunded_tickets, order["quantity"])
    amount = requested if requested is not None and 0 < requested < policy_amount else policy_amount
    above = amount > REFUND_ESCALATION_THRESHOLD
    facts: dict[str, Any] = {
        "refund_amount": float(amount),
        "order_total": order["amount"],
        "refundable_now": float(policy_amount),
        "rule": eligibility["rule"],
        "policy": eligibility["explanation"],
        "above_escalation_threshold": above,
    }
    if requested is not None:
        facts["requested_amount"] = float(requested)
    d.actions.append(
        pending_action(
            step_id=step_id,
            department="support",
            tool="process_refund",
            args={
                "order_number": number,
                "amount": float(amount),
                "reason": f"Attendee request: {eligibility['rule']} refund under the event policy",
            },
            summary=f"Refund ${amount:,.2f} on {number} ({eligibility['rule']} refund"
            + (f", policy allows up to ${policy_amount:,.2f})" if amount < policy_amount else ")"),
            facts=facts,
        )
    )
    d.next_steps.append(REFUND_NEXT_STEP)
    if above:
        d.reasons.append("refund_over_limit")


def _share_of_tickets(refundable: Decimal, tickets: int, quantity: int) -> Decimal | None:
    """The part of the refundable amount that ``tickets`` of the order's ``quantity`` are
    worth ("refund the one ticket" on a two-ticket order is half); None when the count
    covers the whole order."""
    if quantity <= 1 or tickets >= quantity:
        return None
    return (refundable * tickets / quantity).quantize(Decimal("0.01"))


def _transfer(step_id: str, parsed: ParsedRequest, order: TicketOrder, d: Decision) -> None:
    number = order["order_number"]
    if order["status"] in CLOSED:
        d.next_steps.append(f"Order {number} is {order['status']}; it has no ticket to transfer.")
        return
    codes = [a["ticket_code"] for a in order["attendees"]]
    owned = {a["email"].lower() for a in order["attendees"]} | {order["buyer"]["email"].lower()}
    holder = parsed.holder
    email = holder.email if holder.email and holder.email not in owned else None
    quoted = [c for c in parsed.ticket_codes if c in codes]
    code = quoted[0] if quoted else (codes[0] if len(codes) == 1 else None)
    missing = [
        what
        for what, value in (("full name", holder.name), ("email", email), ("ticket code", code))
        if not value
    ]
    if missing:
        d.next_steps.append(
            f"Reply with the new holder's {' and '.join(missing)} to transfer a ticket on {number}."
        )
        return
    d.actions.append(
        pending_action(
            step_id=step_id,
            department="support",
            tool="transfer_ticket",
            args={
                "order_number": number,
                "ticket_code": code,
                "new_name": holder.name,
                "new_email": email,
            },
            summary=f"Transfer ticket {code} on {number} to {holder.name} <{email}>",
            facts={"ticket_code": code, "new_name": holder.name, "new_email": email},
        )
    )
    d.next_steps.append(
        "The new holder gets a fresh ticket code by email; the old one stops working."
    )


def _resend(step_id: str, parsed: ParsedRequest, order: TicketOrder, d: Decision) -> None:
    number = order["order_number"]
    if order["status"] in CLOSED:
        d.next_steps.append(f"Order {number} is {order['status']}; there is no ticket to resend.")
        return
    codes = [a["ticket_code"] for a in order["attendees"]]
    quoted = [c for c in parsed.ticket_codes if c in codes]
    args: dict[str, Any] = {"order_number": number}
    if quoted:
        args["ticket_code"] = quoted[0]
    d.actions.append(
        pending_action(
            step_id=step_id,
            department="support",
            tool="resend_ticket",
            args=args,
            summary=f"Resend the ticket confirmation for {number}",
            facts={"ticket_codes": quoted or codes, "status": order["status"]},
        )
    )
    d.next_steps.append("Check the spam folder if the email does not arrive within an hour.")


def _escalation(
    step_id: str,
    parsed: ParsedRequest,
    order: TicketOrder | None,
    d: Decision,
    requester_email: str | None,
) -> PendingAction:
    reason = d.reasons[0]
    text = " ".join(parsed.text.split())[:SUMMARY_TEXT_LIMIT]
    summary = (
        f"Reasons: {', '.join(r.replace('_', ' ') for r in d.reasons)}. "
        f"Category: {parsed.category}. Attendee wrote: {text}"
    )
    args: dict[str, Any] = {"reason": reason, "summary": summary}
    if order is not None:
        args["order_number"] = order["order_number"]
    else:
        email = next((e for e in parsed.emails if e != parsed.holder.email), None)
        if email is None and requester_email and EMAIL_ONLY.match(requester_email):
            email = requester_email
        if email:
            args["requester_email"] = email
    return pending_action(
        step_id=step_id,
        department="support",
        tool="escalate_to_human",
        args=args,
        summary=f"Hand to the support lead ({reason.replace('_', ' ')})",
        facts={
            "reasons": d.reasons,
            "has_contact": "order_number" in args or "requester_email" in args,
        },
    )
