"""The refund policy arithmetic: bands, boundaries, rounding and the $500 threshold."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.support.refund_policy import (
    RefundPolicy,
    RefundRule,
    above_escalation_threshold,
    refund_entitlement,
    refund_rule,
)

POLICY = RefundPolicy(full_days_before=30, partial_days_before=14, partial_pct=50)


@pytest.mark.parametrize(
    ("days_before", "rule", "pct"),
    [
        (120, RefundRule.FULL, 100),
        (31, RefundRule.FULL, 100),
        (30, RefundRule.FULL, 100),  # exactly 30 days before is still a full refund
        (29, RefundRule.PARTIAL, 50),
        (15, RefundRule.PARTIAL, 50),
        (14, RefundRule.PARTIAL, 50),  # exactly 14 days before is still partial
        (13, RefundRule.NONE, 0),
        (0, RefundRule.NONE, 0),
        (-1, RefundRule.NONE, 0),  # the event has started
    ],
)
def test_rule_boundaries_are_inclusive(days_before: int, rule: RefundRule, pct: int) -> None:
    assert refund_rule(POLICY, days_before) == (rule, pct)


def test_full_refund_is_the_amount_paid() -> None:
    result = refund_entitlement(
        POLICY, amount_paid=Decimal("1250.00"), already_refunded=Decimal(0), days_before_event=42
    )
    assert result.rule is RefundRule.FULL
    assert result.entitled == Decimal("1250.00")
    assert result.refundable == Decimal("1250.00")
    assert "42 day(s) before" in result.explanation


def test_partial_refund_uses_the_event_percentage() -> None:
    policy = RefundPolicy(full_days_before=30, partial_days_before=14, partial_pct=40)
    result = refund_entitlement(
        policy, amount_paid=Decimal("349.00"), already_refunded=Decimal(0), days_before_event=20
    )
    assert result.rule is RefundRule.PARTIAL
    assert result.refundable == Decimal("139.60")
    assert result.explanation.startswith("40% refund")


def test_partial_refund_rounds_half_up_to_cents() -> None:
    result = refund_entitlement(
        POLICY, amount_paid=Decimal("99.99"), already_refunded=Decimal(0), days_before_event=14
    )
    assert result.entitled == Decimal("50.00")  # 49.995 rounds up


def test_earlier_refunds_reduce_what_is_left() -> None:
    result = refund_entitlement(
        POLICY,
        amount_paid=Decimal("349.00"),
        already_refunded=Decimal("100.00"),
        days_before_event=30,
    )
    assert result.refundable == Decimal("249.00")
    assert result.already_refunded == Decimal("100.00")


def test_refundable_never_goes_negative() -> None:
    # 200 was refunded while full refunds applied; the partial band only allows 174.50.
    result = refund_entitlement(
        POLICY,
        amount_paid=Decimal("349.00"),
        already_refunded=Decimal("200.00"),
        days_before_event=20,
    )
    assert result.entitled == Decimal("174.50")
    assert result.refundable == Decimal("0.00")


def test_nothing_is_refundable_after_the_partial_window() -> None:
    result = refund_entitlement(
        POLICY, amount_paid=Decimal("349.00"), already_refunded=Decimal(0), days_before_event=13
    )
    assert (result.rule, result.refundable) == (RefundRule.NONE, Decimal("0.00"))
    assert "refunds end 14 days before" in result.explanation


@pytest.mark.parametrize(
    ("amount", "escalate"),
    [
        (Decimal("499.99"), False),
        (Decimal("500.00"), False),
        (Decimal("500.01"), True),
        (Decimal("1250.00"), True),
    ],
)
def test_refunds_above_500_need_a_human(amount: Decimal, escalate: bool) -> None:
    assert above_escalation_threshold(amount) is escalate
