"""Results of the support tools the support request playbook reads."""

from __future__ import annotations

from typing_extensions import TypedDict

from tools.results import TypedTool
from tools.results.common import EventRef


class KbHit(TypedDict):
    """One knowledge-base article found for a query."""

    article_id: int
    slug: str
    title: str
    category: str
    score: float
    snippet: str


class KbSearch(TypedDict):
    """``search_knowledge_base``: the best articles, highest score first."""

    query: str
    count: int
    results: list[KbHit]


class Buyer(TypedDict):
    """Who bought an order."""

    name: str
    email: str


class Attendee(TypedDict):
    """One ticket holder of an order."""

    attendee_id: int
    ticket_code: str
    name: str
    email: str


class RefundEligibility(TypedDict):
    """What the event's refund policy allows for the order today."""

    rule: str
    refundable_now: float
    explanation: str


class TicketOrder(TypedDict):
    """One order with its tickets, refunds and refund eligibility."""

    order_number: str
    status: str
    event: EventRef
    ticket_type: str
    quantity: int
    amount: float
    buyer: Buyer
    placed_at: str
    attendees: list[Attendee]
    refunded_total: float
    refund_eligibility: RefundEligibility


class TicketLookup(TypedDict):
    """``lookup_ticket``: the orders found by order number or email."""

    count: int
    orders: list[TicketOrder]


SEARCH_KNOWLEDGE_BASE = TypedTool("search_knowledge_base", KbSearch)
LOOKUP_TICKET = TypedTool("lookup_ticket", TicketLookup)
