"""The seeds' escalation thresholds, in one place, and how money and percents are written.

Seed 000: refunds above $500, deals above $50,000, a deliverable overdue by 3+ days,
ticket sales 40%+ below target with under 30 days to go, a budget overrun above 10%.
The operations thresholds mirror ``domain.operations.severity`` (a unit test keeps the
two in step); the refund and deal limits are the ones support and analytics use.
"""

from __future__ import annotations

from decimal import Decimal

from domain.analytics.ops_rules import DEAL_APPROVAL_THRESHOLD
from domain.support.refund_policy import REFUND_ESCALATION_THRESHOLD

REFUND_LIMIT: Decimal = REFUND_ESCALATION_THRESHOLD
"""A refund strictly above this needs a human ($500.00 itself does not)."""

CUSTOMER_DAILY_REFUND_LIMIT: Decimal = REFUND_ESCALATION_THRESHOLD
"""Default for refunds to one customer on one business day, all orders together ($500.00).

The seeds' $500 rule, applied to a person rather than an order, so splitting a refund
across a customer's orders does not avoid a human either. Each tenant may change it
(``max_daily_refund_per_customer`` on the support agent's configuration).
"""

DEAL_LIMIT: Decimal = DEAL_APPROVAL_THRESHOLD
"""A deal worth strictly more than this needs a human."""

OVERDUE_CRITICAL_DAYS = 3
"""A deliverable this many days overdue, or more, is critical."""

SALES_GAP_CRITICAL_PCT = 40.0
"""Ticket sales this many percent (or more) behind target pace..."""

SALES_GAP_MAX_DAYS = 30
"""...with strictly fewer days than this to the event, is critical."""

BUDGET_OVERRUN_PCT = 10.0
"""A budget line strictly more than this percent over plan is critical."""

CLOSED_STAGES = ("closed_won", "closed_lost")
"""Stages past negotiation: moving a deal there needs a human."""


def money(amount: Decimal) -> str:
    """``$1,250.00``."""
    return f"${amount:,.2f}"


def pct(value: float) -> str:
    """``10.01%`` (two decimals at most, no trailing zeros past one)."""
    text = f"{value:.2f}".rstrip("0")
    return f"{text}0%" if text.endswith(".") else f"{text}%"
