"""Support tools: knowledge base, ticket lookup, resend, transfer, refund, escalation."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from adapters.embeddings import sentence_embedder
from domain import support
from domain.models import Department
from domain.scope import Scope
from domain.support import EscalationReason
from prompts.loader import compose
from tools.common import ToolArgs, WhenUnstated, exactly_one_of, one_of
from tools.registry import Effect, action_key, register

DEPT = Department.SUPPORT
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


def _check_email(value: str | None) -> str | None:
    if value is not None and not EMAIL.match(value):
        raise ValueError("is not a valid email address")
    return value.lower() if value else value


class SearchKnowledgeBaseArgs(ToolArgs):
    """A question for the knowledge base."""

    query: str = Field(min_length=1, max_length=500, description="The question or keywords.")
    top_k: int = Field(default=5, ge=1, le=20, description="How many articles (1-20).")
    category: Literal["faq", "policy"] | None = Field(
        default=None, description="Only FAQ answers or only policies."
    )


@register(
    "search_knowledge_base",
    departments=DEPT,
    effect=Effect.READ,
    args=SearchKnowledgeBaseArgs,
    description="""
Search the event's FAQ and policy articles (refunds, transfers, venue, agenda, safety...)
by keywords (BM25) and by meaning (sentence embeddings), rank-fused. Use it first for any
attendee question. Returns the best articles with score, category and the most relevant
sentence as a snippet.
""",
)
def search_knowledge_base(scope: Scope, args: SearchKnowledgeBaseArgs) -> dict[str, Any]:
    """Ranked knowledge-base articles."""
    return support.search_knowledge_base(
        scope,
        args.query,
        top_k=args.top_k,
        category=args.category,
        embed=sentence_embedder().embed,
    )


ORDER_OR_EMAIL = exactly_one_of("order_number", "email")


class LookupTicketArgs(ToolArgs):
    """Find orders by number or by email."""

    order_number: Annotated[str | None, ORDER_OR_EMAIL] = Field(
        default=None, min_length=1, max_length=32, description="Order number, e.g. ORD-10501."
    )
    email: Annotated[str | None, ORDER_OR_EMAIL] = Field(
        default=None, max_length=254, description="Buyer's or attendee's email address."
    )

    _email = field_validator("email")(_check_email)


@register(
    "lookup_ticket",
    departments=DEPT,
    effect=Effect.READ,
    args=LookupTicketArgs,
    description="""
Look up ticket orders by order number or by the buyer's/attendee's email. Returns each
order's status, ticket type, amount, attendees (ticket codes, names, transfer history),
refunds so far and what the event's refund policy allows today (amount and rule).
""",
)
def lookup_ticket(scope: Scope, args: LookupTicketArgs) -> dict[str, Any]:
    """Orders with tickets, refunds and refund eligibility."""
    return support.lookup_ticket(scope, order_number=args.order_number, email=args.email)


class ResendTicketArgs(ToolArgs):
    """Which confirmation to resend."""

    order_number: str = Field(min_length=1, max_length=32, description="Order number.")
    ticket_code: str | None = Field(
        default=None, max_length=32, description="Only this attendee's ticket, to their email."
    )


@register(
    "resend_ticket",
    departments=DEPT,
    effect=Effect.EXTERNAL,
    args=ResendTicketArgs,
    description="""
Resend the ticket confirmation email for an order to the buyer, or one attendee's ticket
to that attendee (ticket_code). Refused for cancelled or refunded orders. Repeating the
same call does not send twice (duplicate=true). Returns recipient and ticket codes.
""",
)
def resend_ticket(scope: Scope, args: ResendTicketArgs) -> dict[str, Any]:
    """Confirmation resend through the outbox."""
    return support.resend_ticket(
        scope,
        key=action_key(scope, "resend_ticket", args),
        order_number=args.order_number,
        ticket_code=args.ticket_code,
        compose=compose,
    )


class TransferTicketArgs(ToolArgs):
    """A ticket and its new holder."""

    order_number: str = Field(min_length=1, max_length=32, description="Order number.")
    ticket_code: str | None = Field(
        default=None, max_length=32, description="Which ticket; needed if the order has several."
    )
    new_name: str = Field(min_length=1, max_length=200, description="New holder's full name.")
    new_email: str = Field(max_length=254, description="New holder's email address.")

    _email = field_validator("new_email")(_check_email)


@register(
    "transfer_ticket",
    departments=DEPT,
    effect=Effect.EXTERNAL,
    args=TransferTicketArgs,
    description="""
Transfer a ticket to a different person: changes the attendee's name and email, issues a
new ticket code (the old one stops working), records the transfer in the ticket's
history and emails the new holder. Refused after the event's transfer cutoff and for
cancelled or refunded orders. Returns the new code and the transfer record.
""",
)
def transfer_ticket(scope: Scope, args: TransferTicketArgs) -> dict[str, Any]:
    """Ticket transfer with a new code and an email to the new holder."""
    return support.transfer_ticket(
        scope,
        key=action_key(scope, "transfer_ticket", args),
        order_number=args.order_number,
        ticket_code=args.ticket_code,
        new_name=args.new_name,
        new_email=args.new_email,
        compose=compose,
    )


class ProcessRefundArgs(ToolArgs):
    """An order to refund and how much."""

    order_number: str = Field(min_length=1, max_length=32, description="Order number.")
    amount: Decimal | None = Field(
        default=None,
        gt=0,
        max_digits=12,
        decimal_places=2,
        description="Amount in USD; omit for the most the policy allows today.",
    )
    reason: str = Field(
        default="Requested by attendee", min_length=1, max_length=500, description="Why."
    )


@register(
    "process_refund",
    departments=DEPT,
    effect=Effect.EXTERNAL,
    args=ProcessRefundArgs,
    description="""
Refund an order under the event's refund policy (full refund until N days before the
event, a partial percentage until M days, none after). amount defaults to the most the
policy allows and may not exceed what is still refundable. Records the refund, updates
the order status and emails the buyer; repeating the same call does not refund twice
(duplicate=true). Returns the amount, rule applied, new order status and
above_escalation_threshold (refunds over $500 need a human's approval).
""",
)
def process_refund(scope: Scope, args: ProcessRefundArgs) -> dict[str, Any]:
    """Refund under policy, recorded once."""
    return support.process_refund(
        scope,
        key=action_key(scope, "process_refund", args),
        order_number=args.order_number,
        amount=args.amount,
        reason=args.reason,
        compose=compose,
    )


CASE_ORDER_OR_REQUESTER = one_of("case_id", "order_number", "requester_email")


class EscalateToHumanArgs(ToolArgs):
    """Why and what to hand to a human."""

    reason: Annotated[EscalationReason, WhenUnstated("unresolved")] = Field(
        description="refund_over_limit, safety, security, legal, upset_attendee or unresolved."
    )
    summary: str = Field(
        min_length=1, max_length=4000, description="What the attendee needs and what was tried."
    )
    case_id: Annotated[int | None, CASE_ORDER_OR_REQUESTER] = Field(
        default=None, gt=0, description="Existing support case."
    )
    order_number: Annotated[str | None, CASE_ORDER_OR_REQUESTER] = Field(
        default=None, max_length=32, description="Order concerned."
    )
    requester_email: Annotated[str | None, CASE_ORDER_OR_REQUESTER] = Field(
        default=None, max_length=254, description="Who asked (when no case or order)."
    )
    requester_name: str | None = Field(default=None, max_length=200, description="Their name.")

    _email = field_validator("requester_email")(_check_email)


@register(
    "escalate_to_human",
    departments=DEPT,
    effect=Effect.EXTERNAL,
    args=EscalateToHumanArgs,
    description="""
Hand a support request to the human support lead: refunds over $500, safety, security
or legal questions, an upset attendee, or anything the tools cannot resolve. Marks the
support case escalated (opening one when no case_id is given) and emails the support
lead. Repeating the same call does not escalate twice. Returns the case id and priority.
""",
)
def escalate_to_human(scope: Scope, args: EscalateToHumanArgs) -> dict[str, Any]:
    """Escalated support case and a notice to the support lead."""
    return support.escalate_to_human(
        scope,
        key=action_key(scope, "escalate_to_human", args),
        reason=args.reason,
        summary=args.summary,
        case_id=args.case_id,
        order_number=args.order_number,
        requester_email=args.requester_email,
        requester_name=args.requester_name,
        compose=compose,
    )
