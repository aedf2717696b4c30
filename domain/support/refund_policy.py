"""The event refund policy as pure arithmetic: which rule applies and how much is due.

Seed 000: refunds follow the event's policy (full refund up to
``refund_full_days_before`` days before the event, ``refund_partial_pct`` percent up
to ``refund_partial_days_before`` days, nothing after), and any refund above $500
goes to a human.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

REFUND_ESCALATION_THRESHOLD = Decimal("500.00")
"""Refunds strictly above this amount need a human (seed 000)."""

CENT = Decimal("0.01")


class RefundRule(StrEnum):
    """Which band of the policy a request falls in."""

    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


@dataclass(frozen=True)
class RefundPolicy:
    """An event's refund terms (copied from ``Event``)."""

    full_days_before: int
    partial_days_before: int
    partial_pct: int


@dataclass(frozen=True)
class RefundEntitlement:
    """What the policy allows for one order on one day."""

    rule: RefundRule
    pct: int
    days_before_event: int
    entitled: Decimal
    already_refunded: Decimal
    refundable: Decimal
    explanation: str


def refund_rule(policy: RefundPolicy, days_before_event: int) -> tuple[RefundRule, int]:
    """The policy band and percentage for a request ``days_before_event`` days out.

    Boundaries are inclusive: exactly ``full_days_before`` days before is still a full
    refund, exactly ``partial_days_before`` days before is still partial.

    Args:
        policy: the event's refund terms.
        days_before_event: whole days from the request date to the event's first day
            (negative once the event has started).

    Returns:
        The rule and the percentage of the amount paid it allows.
    """
    if days_before_event >= policy.full_days_before:
        return RefundRule.FULL, 100
    if days_before_event >= policy.partial_days_before:
        return RefundRule.PARTIAL, policy.partial_pct
    return RefundRule.NONE, 0


def refund_entitlement(
    policy: RefundPolicy,
    *,
    amount_paid: Decimal,
    already_refunded: Decimal,
    days_before_event: int,
) -> RefundEntitlement:
    """How much of an order may still be refunded today.

    Args:
        policy: the event's refund terms.
        amount_paid: what the buyer paid for the order.
        already_refunded: the sum of refunds already processed on the order.
        days_before_event: whole days from today to the event's first day.

    Returns:
        The rule applied, the total entitlement, and the remainder still refundable
        (never negative, rounded to cents).
    """
    rule, pct = refund_rule(policy, days_before_event)
    entitled = (amount_paid * Decimal(pct) / Decimal(100)).quantize(CENT, ROUND_HALF_UP)
    refundable = max(Decimal(0), entitled - already_refunded).quantize(CENT, ROUND_HALF_UP)
    return RefundEntitlement(
        rule=rule,
        pct=pct,
        days_before_event=days_before_event,
        entitled=entitled,
        already_refunded=already_refunded.quantize(CENT, ROUND_HALF_UP),
        refundable=refundable,
        explanation=_explain(policy, rule, days_before_event),
    )


def above_escalation_threshold(amount: Decimal) -> bool:
    """True when a refund of ``amount`` must be decided by a human (> $500)."""
    return amount > REFUND_ESCALATION_THRESHOLD


def _explain(policy: RefundPolicy, rule: RefundRule, days: int) -> str:
    when = f"{days} day(s) before the event"
    if rule is RefundRule.FULL:
        return (
            f"full refund: requested {when} "
            f"(full refunds until {policy.full_days_before} days before)"
        )
    if rule is RefundRule.PARTIAL:
        return (
            f"{policy.partial_pct}% refund: requested {when} (full refunds end "
            f"{policy.full_days_before} days before, partial until {policy.partial_days_before})"
        )
    return (
        f"no refund: requested {when}; "
        f"refunds end {policy.partial_days_before} days before the event"
    )
