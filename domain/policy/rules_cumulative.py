"""Limits that add up: refunds per order and per customer a day, so splitting never avoids them.

Each rule fires only when the one before it did not, so a reason names the narrowest
total that crossed its limit: one refund above $500 (``refund_over_limit``), else the
order's refunds together (``order_refunds_over_limit``), else the customer's refunds
today across orders (``customer_daily_refunds_over_limit``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from domain.policy.decision import Reason
from domain.policy.limits import REFUND_LIMIT
from domain.policy.settings import PolicySettings
from domain.policy.wording import dollars, phrase


def order_refunds_over_limit(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """An order's refunds together (processed + approved, not yet run + this one) above $500."""
    amount: Decimal | None = facts.get("refund_amount")
    total: Decimal | None = facts.get("order_refund_total")
    if amount is None or total is None or amount > REFUND_LIMIT or total <= REFUND_LIMIT:
        return None
    return Reason.worded(
        "order_refunds_over_limit",
        earlier=_earlier(facts["order_refunded"], facts["order_refunds_in_flight"]),
        order=facts["order_number"],
        amount=dollars(amount),
        total=dollars(total),
        limit=dollars(REFUND_LIMIT),
    )


def customer_daily_refunds_over_limit(
    facts: Mapping[str, Any], settings: PolicySettings
) -> Reason | None:
    """One customer's refunds today, all orders together, above the tenant's daily limit."""
    amount: Decimal | None = facts.get("refund_amount")
    total: Decimal | None = facts.get("customer_refund_total_today")
    limit = settings.max_daily_refund_per_customer
    if amount is None or total is None or total <= limit:
        return None
    if amount > REFUND_LIMIT or facts["order_refund_total"] > REFUND_LIMIT:
        return None  # the single-refund or per-order rule already asks a human
    earlier = _earlier(facts["customer_refunded_today"], facts["customer_refunds_in_flight"])
    return Reason.worded(
        "customer_daily_refunds_over_limit",
        earlier=earlier,
        customer=facts["customer"],
        orders=", ".join(facts["customer_orders"]),
        amount=dollars(amount),
        order=facts["order_number"],
        total=dollars(total),
        limit=dollars(limit),
    )


def _earlier(refunded: Decimal, in_flight: Decimal) -> dict[str, Any]:
    """``$998.00 already refunded or approved ($499.00 refunded, $499.00 approved...)``."""
    total = dollars(refunded + in_flight)
    if not in_flight:
        return phrase("earlier_refunded", total=total)
    if not refunded:
        return phrase("earlier_approved", total=total)
    return phrase(
        "earlier_both", total=total, refunded=dollars(refunded), in_flight=dollars(in_flight)
    )
