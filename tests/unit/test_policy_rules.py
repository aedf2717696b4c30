"""The rule book on plain facts: every rule at its boundary, and how rules combine."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from domain.models import AutonomyMode
from domain.operations.severity import (
    Severity,
    budget_line_severity,
    deliverable_severity,
    sales_gap_severity,
)
from domain.policy import (
    APPROVAL_RULES,
    DENY_RULES,
    RULE_IDS,
    Outcome,
    PolicySettings,
    Reason,
    evaluate,
)
from domain.policy.rules_ops import overdue_critical, overrun_critical, sales_gap_critical

FULL_AUTO = PolicySettings(agent="sales", mode=AutonomyMode.FULL_AUTO)
ASSISTED = PolicySettings(agent="sales", mode=AutonomyMode.ASSISTED)
REVIEW = PolicySettings(agent="sales", mode=AutonomyMode.REVIEW_ONLY)


def facts(tool: str = "update_crm", effect: str = "draft", **extra: Any) -> dict[str, Any]:
    """Facts of a proposed action with nothing risky about it, plus ``extra``."""
    return {"agent": "sales", "tool": tool, "effect": effect, "signals": [], **extra}


def recipient(**extra: Any) -> dict[str, Any]:
    return {"email": "pat@example.org", "opted_out": False, "email_status": "verified", **extra}


def deliverable(days: int) -> dict[str, Any]:
    return {"title": "Final AV run sheet", "overdue_days": days}


def pace(gap: float, days: int) -> dict[str, Any]:
    return {"gap_pct": gap, "days_to_event": days}


def line(overrun: float) -> dict[str, Any]:
    return {"category": "Venue & AV", "overrun_pct": overrun}


def refund_split(
    amount: str,
    *,
    refunded: str = "0",
    in_flight: str = "0",
    customer: str = "0",
    remaining: str = "10000",
) -> dict[str, Any]:
    """Refund facts: this ``amount`` after earlier refunds on the order and the customer."""
    value, done, going = Decimal(amount), Decimal(refunded), Decimal(in_flight)
    return facts(
        "process_refund",
        "external",
        order_number="ORD-1",
        refund_amount=value,
        refund_rule="full",
        refundable_remaining=Decimal(remaining),
        order_refunded=done,
        order_refunds_in_flight=going,
        order_refund_total=done + going + value,
        customer="maya@example.org",
        customer_orders=["ORD-1", "ORD-2"],
        customer_refunded_today=done + Decimal(customer),
        customer_refunds_in_flight=going,
        customer_refund_total_today=done + going + Decimal(customer) + value,
    )


# (case id, facts, settings, expected outcome, expected rule ids in order)
TABLE: list[tuple[str, dict[str, Any], PolicySettings, Outcome, tuple[str, ...]]] = [
    ("refund 500.00", facts("process_refund", "external", refund_amount=Decimal("500.00")),
     FULL_AUTO, Outcome.ALLOW, ()),
    ("refund 500.01", facts("process_refund", "external", refund_amount=Decimal("500.01")),
     FULL_AUTO, Outcome.REQUIRE_APPROVAL, ("refund_over_limit",)),
    ("asked 500.00 in text", facts("process_refund", "external",
     requested_refund=Decimal("500.00")), FULL_AUTO, Outcome.ALLOW, ()),
    ("asked 5000 in text", facts("process_refund", "external",
     requested_refund=Decimal("5000")), FULL_AUTO, Outcome.REQUIRE_APPROVAL,
     ("refund_over_limit",)),
    ("order total 500.00", refund_split("250.00", refunded="250.00"), FULL_AUTO,
     Outcome.ALLOW, ()),
    ("order total 500.01", refund_split("250.01", refunded="250.00"), FULL_AUTO,
     Outcome.REQUIRE_APPROVAL, ("order_refunds_over_limit",)),
    ("order total counts approved refunds", refund_split("0.01", in_flight="500.00"),
     FULL_AUTO, Outcome.REQUIRE_APPROVAL, ("order_refunds_over_limit",)),
    ("customer today 500.00", refund_split("100.00", customer="400.00"), FULL_AUTO,
     Outcome.ALLOW, ()),
    ("customer today 500.01", refund_split("100.01", customer="400.00"), FULL_AUTO,
     Outcome.REQUIRE_APPROVAL, ("customer_daily_refunds_over_limit",)),
    ("customer limit configured higher", refund_split("100.01", customer="400.00"),
     replace(FULL_AUTO, max_daily_refund_per_customer=Decimal(1000)), Outcome.ALLOW, ()),
    ("refund equal to the remainder", refund_split("300.00", remaining="300.00"), FULL_AUTO,
     Outcome.ALLOW, ()),
    ("refund above the remainder", refund_split("300.01", remaining="300.00"), FULL_AUTO,
     Outcome.DENY, ("refund_exceeds_refundable",)),
    ("cap counts approved, unsent", facts("send_email", "external", recipient=recipient(),
     sent_today=48, outreach_in_flight=2), FULL_AUTO, Outcome.DENY, ("daily_outreach_cap",)),
    ("cap-1 with approved, unsent", facts("send_email", "external", recipient=recipient(),
     sent_today=48, outreach_in_flight=1), FULL_AUTO, Outcome.ALLOW, ()),
    ("deal value on its way", facts(deal_value=Decimal(40000), deal_values_in_flight=[
     {"value": Decimal("50000.01"), "from": "approval 7"}]), FULL_AUTO,
     Outcome.REQUIRE_APPROVAL, ("deal_over_limit",)),
    ("deal 50,000.00", facts(deal_value=Decimal("50000.00")), FULL_AUTO, Outcome.ALLOW, ()),
    ("deal 50,000.01", facts(deal_value=Decimal("50000.01")), FULL_AUTO,
     Outcome.REQUIRE_APPROVAL, ("deal_over_limit",)),
    ("deal raised to 50,000.01", facts(deal_value=Decimal(40000),
     new_deal_value=Decimal("50000.01")), FULL_AUTO, Outcome.REQUIRE_APPROVAL,
     ("deal_over_limit",)),
    ("list price", facts("generate_proposal", pricing={"customised": False}), FULL_AUTO,
     Outcome.ALLOW, ()),
    ("customised price", facts("generate_proposal", pricing={"customised": True,
     "package": "Gold", "customisations": ["5% discount"]}), FULL_AUTO,
     Outcome.REQUIRE_APPROVAL, ("pricing_customisation",)),
    ("legal words", facts(legal_review_terms=["redlines"]), FULL_AUTO,
     Outcome.REQUIRE_APPROVAL, ("legal_review",)),
    ("safety", facts(signals=["safety"]), FULL_AUTO, Outcome.REQUIRE_APPROVAL,
     ("sensitive_topic",)),
    ("upset", facts(signals=["upset_attendee"]), FULL_AUTO, Outcome.REQUIRE_APPROVAL,
     ("upset_attendee",)),
    ("to negotiation", facts(deal_stage="proposal", target_stage="negotiation"), FULL_AUTO,
     Outcome.ALLOW, ()),
    ("to closed_won", facts(deal_stage="negotiation", target_stage="closed_won"), FULL_AUTO,
     Outcome.REQUIRE_APPROVAL, ("stage_past_negotiation",)),
    ("to closed_lost", facts(deal_stage="negotiation", target_stage="closed_lost"), FULL_AUTO,
     Outcome.REQUIRE_APPROVAL, ("stage_past_negotiation",)),
    ("overdue 2 days", facts("send_reminder", "external", deliverables=[deliverable(2)]),
     FULL_AUTO, Outcome.ALLOW, ()),
    ("overdue 3 days", facts("send_reminder", "external", deliverables=[deliverable(3)]),
     FULL_AUTO, Outcome.REQUIRE_APPROVAL, ("ops_critical",)),
    ("gap 39% at 29 days", facts("escalate_issue", "external", ticket_pace=pace(-39.99, 29)),
     FULL_AUTO, Outcome.ALLOW, ()),
    ("gap 40% at 29 days", facts("escalate_issue", "external", ticket_pace=pace(-40.0, 29)),
     FULL_AUTO, Outcome.REQUIRE_APPROVAL, ("ops_critical",)),
    ("gap 40% at 30 days", facts("escalate_issue", "external", ticket_pace=pace(-40.0, 30)),
     FULL_AUTO, Outcome.ALLOW, ()),
    ("overrun 10.0%", facts("escalate_issue", "external", budget_lines=[line(10.0)]),
     FULL_AUTO, Outcome.ALLOW, ()),
    ("overrun 10.01%", facts("escalate_issue", "external", budget_lines=[line(10.01)]),
     FULL_AUTO, Outcome.REQUIRE_APPROVAL, ("ops_critical",)),
    ("vendor pending", facts("escalate_issue", "external",
     vendors=[{"name": "Harbor", "status": "pending"}]), FULL_AUTO, Outcome.ALLOW, ()),
    ("vendor cancelled", facts("escalate_issue", "external",
     vendors=[{"name": "Harbor", "status": "cancelled"}]), FULL_AUTO,
     Outcome.REQUIRE_APPROVAL, ("ops_critical",)),
    ("severity critical", facts("escalate_issue", "external", severity="critical"), FULL_AUTO,
     Outcome.REQUIRE_APPROVAL, ("ops_critical",)),
    ("follow-ups max-1", facts("send_email", "external", recipient=recipient(),
     followups_unanswered=2), FULL_AUTO, Outcome.ALLOW, ()),
    ("follow-ups max", facts("send_email", "external", recipient=recipient(),
     followups_unanswered=3), FULL_AUTO, Outcome.REQUIRE_APPROVAL, ("max_followups_reached",)),
    ("cap-1", facts("send_email", "external", recipient=recipient(), sent_today=49),
     FULL_AUTO, Outcome.ALLOW, ()),
    ("cap", facts("send_email", "external", recipient=recipient(), sent_today=50),
     FULL_AUTO, Outcome.DENY, ("daily_outreach_cap",)),
    ("cap does not stop a CRM note", facts(sent_today=50), FULL_AUTO, Outcome.ALLOW, ()),
    ("suppressed after erasure", facts("send_email", "external",
     recipient=recipient(suppressed=True)), FULL_AUTO, Outcome.DENY, ("suppressed_recipient",)),
    ("no postal address", facts("send_email_campaign", "external",
     sender={"postal_address_configured": False}), FULL_AUTO, Outcome.DENY,
     ("missing_postal_address",)),
    ("postal address set", facts("send_email_campaign", "external",
     sender={"postal_address_configured": True}), FULL_AUTO, Outcome.ALLOW, ()),
    ("opted out", facts("send_email", "external", recipient=recipient(opted_out=True)),
     FULL_AUTO, Outcome.DENY, ("opted_out_contact",)),
    ("bounced", facts("send_email", "external", recipient=recipient(email_status="bounced")),
     FULL_AUTO, Outcome.DENY, ("bounced_address",)),
    ("external in assisted", facts("send_email", "external", recipient=recipient()), ASSISTED,
     Outcome.REQUIRE_APPROVAL, ("external_default",)),
    ("external in full_auto", facts("send_email", "external", recipient=recipient()),
     FULL_AUTO, Outcome.ALLOW, ()),
    ("external with auto-approve", facts("send_email", "external", recipient=recipient()),
     replace(ASSISTED, auto_approve=True), Outcome.ALLOW, ()),
    ("auto-approve keeps escalations", facts("process_refund", "external",
     refund_amount=Decimal("500.01")), replace(ASSISTED, auto_approve=True),
     Outcome.REQUIRE_APPROVAL, ("refund_over_limit",)),
    ("draft in assisted", facts(), ASSISTED, Outcome.ALLOW, ()),
    ("draft in review_only", facts(), REVIEW, Outcome.REQUIRE_APPROVAL, ("review_only",)),
    ("external in review_only", facts("send_email", "external", recipient=recipient()),
     REVIEW, Outcome.REQUIRE_APPROVAL, ("review_only",)),
    ("read in review_only", facts("qualify_lead", "read"), REVIEW, Outcome.ALLOW, ()),
    ("disabled draft", facts(), replace(FULL_AUTO, enabled=False), Outcome.DENY,
     ("agent_disabled",)),
    ("disabled read", facts("qualify_lead", "read"), replace(FULL_AUTO, enabled=False),
     Outcome.ALLOW, ()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "given", "settings", "outcome", "rules"), TABLE, ids=[row[0] for row in TABLE]
)
def test_rule_table(
    case: str,
    given: dict[str, Any],
    settings: PolicySettings,
    outcome: Outcome,
    rules: tuple[str, ...],
) -> None:
    decision = evaluate(given, settings)
    assert (decision.outcome, decision.rules) == (outcome, rules), case


def test_every_rule_is_in_the_table() -> None:
    fired = {rule for row in TABLE for rule in row[4]}
    assert fired == set(RULE_IDS)


def test_rule_ids_are_the_function_names() -> None:
    assert RULE_IDS == (
        "agent_disabled",
        "opted_out_contact",
        "suppressed_recipient",
        "bounced_address",
        "daily_outreach_cap",
        "refund_exceeds_refundable",
        "missing_postal_address",
        "refund_over_limit",
        "order_refunds_over_limit",
        "customer_daily_refunds_over_limit",
        "deal_over_limit",
        "pricing_customisation",
        "legal_review",
        "sensitive_topic",
        "upset_attendee",
        "stage_past_negotiation",
        "ops_critical",
        "max_followups_reached",
        "external_default",
        "review_only",
    )
    assert len(DENY_RULES) + len(APPROVAL_RULES) == len(RULE_IDS)


def test_deny_wins_and_every_fired_rule_is_listed_deny_first() -> None:
    given = facts(
        "send_email",
        "external",
        recipient=recipient(opted_out=True),
        deal_value=Decimal(75000),
        sent_today=50,
    )
    decision = evaluate(given, ASSISTED)
    assert decision.outcome is Outcome.DENY
    assert decision.rules == (
        "opted_out_contact",
        "daily_outreach_cap",
        "deal_over_limit",
        "external_default",
    )


def test_messages_carry_the_numbers() -> None:
    refund = evaluate(facts("process_refund", "external", refund_amount=Decimal(1250)), FULL_AUTO)
    assert refund.reasons == (
        Reason("refund_over_limit", "Refund of $1,250.00 is above the $500.00 limit"),
    )
    deal = evaluate(facts(deal_value=Decimal("75000.00")), FULL_AUTO)
    assert deal.reasons[0].message == "Deal value of $75,000.00 is above the $50,000.00 limit"
    ops = evaluate(
        facts(
            "escalate_issue",
            "external",
            deliverables=[deliverable(5)],
            budget_lines=[line(15.0)],
            ticket_pace=pace(-41.5, 20),
        ),
        FULL_AUTO,
    )
    assert ops.reasons[0].message == (
        "Critical operations issue: deliverable 'Final AV run sheet' is 5 days overdue "
        "(critical at 3+); budget line 'Venue & AV' is 15.0% over plan (critical above 10.0%); "
        "ticket sales are 41.5% behind target pace with 20 days to the event (critical at "
        "40.0%+ behind with under 30 days)"
    )
    cap = evaluate(facts("send_email", "external", recipient=recipient(), sent_today=50), ASSISTED)
    assert cap.reasons[0].message == (
        "The sales agent already sent 50 emails today; the daily outreach cap is 50"
    )
    follow = evaluate(
        facts("send_email", "external", recipient=recipient(), followups_unanswered=3), FULL_AUTO
    )
    assert follow.reasons[0].message == (
        "pat@example.org has had 3 follow-ups without a reply (the maximum is 3); "
        "escalate to a human instead"
    )


def test_as_json_is_plain_json() -> None:
    decision = evaluate(
        facts("process_refund", "external", refund_amount=Decimal("500.01")), FULL_AUTO
    )
    assert decision.as_json() == {
        "outcome": "require_approval",
        "reasons": [
            {
                "rule": "refund_over_limit",
                "message": "Refund of $500.01 is above the $500.00 limit",
                "wording": "refund_over_limit",
                "values": {"amount": {"money": 500.01}, "limit": {"money": 500.0}},
            }
        ],
        "facts": {
            "agent": "sales",
            "tool": "process_refund",
            "effect": "external",
            "signals": [],
            "refund_amount": 500.01,
        },
    }


TODAY = date(2026, 9, 1)


@pytest.mark.parametrize("days", [-1, 0, 1, 2, 3, 4, 10])
def test_overdue_threshold_matches_operations_severity(days: int) -> None:
    ops = deliverable_severity("in_progress", TODAY - timedelta(days=days), TODAY)
    assert overdue_critical(days) is (ops is Severity.CRITICAL)


@pytest.mark.parametrize(
    ("gap", "days"),
    [(-39.99, 29), (-40.0, 29), (-40.0, 30), (-55.0, 1), (-39.0, 0), (-45.0, 31)],
)
def test_sales_gap_threshold_matches_operations_severity(gap: float, days: int) -> None:
    assert sales_gap_critical(gap, days) is (sales_gap_severity(gap, days) is Severity.CRITICAL)


@pytest.mark.parametrize("overrun", [9.99, 10.0, 10.01, 25.0])
def test_overrun_threshold_matches_operations_severity(overrun: float) -> None:
    ops = budget_line_severity(overrun, overrun)
    assert overrun_critical(overrun) is (ops is Severity.CRITICAL)
