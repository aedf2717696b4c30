"""Every policy rule at its boundary on facts read from the database, on SQLite and Postgres.

Each case changes demo rows inside the rolled-back scope (an order's amount, a deal's
value, a deliverable's due date...) so the fact sits exactly on one side of the rule.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from domain.demo import anchors
from domain.lookups import resolve_event
from domain.models import (
    AgentConfig,
    BudgetLine,
    Company,
    Contact,
    Deliverable,
    FollowUp,
    Opportunity,
    Order,
    OutboxMessage,
    Refund,
    Tenant,
    Vendor,
)
from domain.operations import monitor_ticket_sales
from domain.policy import RULE_IDS, decide
from domain.privacy.suppression import suppress
from domain.scope import Scope

Setup = Callable[[Scope], dict[str, Any]]
TEST_EMAIL = "policy.tester@example.org"


def one(scope: Scope, model: Any, *where: Any) -> Any:
    return scope.session.scalars(
        select(model).where(model.tenant_id == scope.tenant_id, *where)
    ).one()


def config(scope: Scope, agent: str, **values: Any) -> None:
    row = one(scope, AgentConfig, AgentConfig.agent == agent)
    for name, value in values.items():
        setattr(row, name, value)
    scope.session.flush()


def acme(scope: Scope, value: str = "50000.00") -> Opportunity:
    company = one(scope, Company, Company.name == anchors.BIG_DEAL_COMPANY)
    deal: Opportunity = one(scope, Opportunity, Opportunity.company_id == company.id)
    deal.value = Decimal(value)
    scope.session.flush()
    return deal


def new_contact(scope: Scope, followups_sent: int | None = None) -> Contact:
    """A fresh, contactable person with no history (and a small deal when asked)."""
    company = one(scope, Company, Company.name == anchors.BIG_DEAL_COMPANY)
    contact = Contact(
        tenant_id=scope.tenant_id,
        company_id=company.id,
        first_name="Pat",
        last_name="Tester",
        email=TEST_EMAIL,
        email_status="verified",
        title="Head of Partnerships",
        department="partnerships",
        seniority="director",
    )
    scope.session.add(contact)
    scope.session.flush()
    if followups_sent is not None:
        scope.session.add(
            Opportunity(
                tenant_id=scope.tenant_id,
                company_id=company.id,
                event_id=resolve_event(scope).id,
                primary_contact_id=contact.id,
                name="Policy test deal",
                value=Decimal(20000),
                stage="prospect",
                followups_sent=followups_sent,
            )
        )
        scope.session.flush()
    return contact


def email_to(contact: Contact | str) -> dict[str, Any]:
    address = contact if isinstance(contact, str) else contact.email
    return {"to": address, "subject": "AI Summit 2026", "body": "Would you like to meet?"}


# --- setups, one per boundary -------------------------------------------------------------


def refund(amount: str, *, asked: str | None = None) -> Setup:
    def setup(scope: Scope) -> dict[str, Any]:
        order = one(scope, Order, Order.number == anchors.ORDER_BELOW_REFUND_THRESHOLD)
        order.amount = Decimal(amount)
        scope.session.flush()
        return {"order_number": order.number, **({"amount": asked} if asked else {})}

    return setup


def processed_refund(scope: Scope, order: Order, amount: str) -> None:
    """A refund of ``amount`` on ``order`` processed today."""
    scope.session.add(
        Refund(
            tenant_id=scope.tenant_id,
            order_id=order.id,
            amount=Decimal(amount),
            reason="earlier request",
            status="processed",
            requested_at=scope.now,
            processed_at=scope.now,
        )
    )
    scope.session.flush()


def refund_after(refunded: str, asked: str) -> Setup:
    """``asked`` on the $1,250 order after ``refunded`` was refunded on it today."""

    def setup(scope: Scope) -> dict[str, Any]:
        order = one(scope, Order, Order.number == anchors.ORDER_ABOVE_REFUND_THRESHOLD)
        processed_refund(scope, order, refunded)
        return {"order_number": order.number, "amount": asked}

    return setup


def customer_refund_after(refunded: str, asked: str) -> Setup:
    """``asked`` on one order of a customer who got ``refunded`` back today on another."""

    def setup(scope: Scope) -> dict[str, Any]:
        first = one(scope, Order, Order.number == anchors.ORDER_BELOW_REFUND_THRESHOLD)
        second = one(scope, Order, Order.number == anchors.ORDER_ABOVE_REFUND_THRESHOLD)
        second.buyer_email = "Maya.Lindqvist+vip@example.org"  # the same customer
        processed_refund(scope, first, refunded)
        return {"order_number": second.number, "amount": asked}

    return setup


def crm(deal_value: str, **args: Any) -> Setup:
    def setup(scope: Scope) -> dict[str, Any]:
        return {"opportunity_id": acme(scope, deal_value).id, "notes": "Checked in.", **args}

    return setup


def proposal(**args: Any) -> Setup:
    return lambda scope: {"opportunity_id": acme(scope).id, **args}


def overdue(days: int) -> Setup:
    def setup(scope: Scope) -> dict[str, Any]:
        item = one(scope, Deliverable, Deliverable.title == anchors.OVERDUE_DELIVERABLE)
        item.due_on, item.status = scope.today - timedelta(days=days), "in_progress"
        scope.session.flush()
        return {"deliverable_id": item.id}

    return setup


ESCALATION = {"subject": "Ops check", "details": "Needs a decision.", "severity": "high"}


def ticket_gap(days: int, gap_pct: float) -> Setup:
    """The event ``days`` away, its target set so sales sit at ``gap_pct`` of target pace."""

    def setup(scope: Scope) -> dict[str, Any]:
        event = resolve_event(scope)
        event.starts_on = scope.today + timedelta(days=days)
        event.ends_on = event.starts_on + timedelta(days=1)
        event.ticket_target = 1_000_000
        scope.session.flush()
        probe = monitor_ticket_sales(scope, event)
        share = probe["expected_by_now"] / 1_000_000
        exact = probe["tickets_sold"] / ((1 + gap_pct / 100) * share)
        event.ticket_target = math.ceil(exact) if gap_pct <= -40 else math.floor(exact)
        scope.session.flush()
        return dict(ESCALATION)

    return setup


def overrun(actual: str) -> Setup:
    def setup(scope: Scope) -> dict[str, Any]:
        item = one(scope, BudgetLine, BudgetLine.category == anchors.OVERRUN_BUDGET_LINE)
        item.planned, item.actual = Decimal("10000.00"), Decimal(actual)
        scope.session.flush()
        return {**ESCALATION, "budget_line_ids": [item.id]}

    return setup


def vendor(status: str, *, reminder: bool = False) -> Setup:
    def setup(scope: Scope) -> dict[str, Any]:
        item = one(scope, Vendor, Vendor.name == anchors.UNCONFIRMED_VENDOR)
        item.status = status
        scope.session.flush()
        return {"vendor_id": item.id} if reminder else {**ESCALATION, "vendor_ids": [item.id]}

    return setup


def critical_severity(scope: Scope) -> dict[str, Any]:
    return {**ESCALATION, "severity": "critical"}


def followups(count: int) -> Setup:
    return lambda scope: email_to(new_contact(scope, followups_sent=count))


def executed_followups(count: int) -> Setup:
    def setup(scope: Scope) -> dict[str, Any]:
        contact = new_contact(scope)
        for attempt in range(1, count + 1):
            moment = scope.now - timedelta(days=3 * (count - attempt + 1))
            scope.session.add(
                FollowUp(
                    tenant_id=scope.tenant_id,
                    contact_id=contact.id,
                    scheduled_for=moment,
                    followup_type="reminder",
                    attempt=attempt,
                    status="sent",
                    executed_at=moment,
                )
            )
        scope.session.flush()
        return {**email_to(contact), "contact_id": contact.id}

    return setup


def sent_today(recorded: int, *, cap: int = 3, unsent: int = 0, agent: str = "sales") -> Setup:
    def setup(scope: Scope) -> dict[str, Any]:
        config(scope, "sales", max_daily_outreach=cap)
        statuses = ["recorded"] * recorded + ["pending_approval", "rejected"] * unsent
        for n, status in enumerate(statuses):
            scope.session.add(
                OutboxMessage(
                    tenant_id=scope.tenant_id,
                    idempotency_key=f"policy-test-{n}",
                    kind="email",
                    agent=agent,
                    recipient=f"p{n}@example.org",
                    status=status,
                    created_at=scope.now,
                )
            )
        scope.session.flush()
        return email_to(new_contact(scope))

    return setup


def clean_email(**settings: Any) -> Setup:
    def setup(scope: Scope) -> dict[str, Any]:
        if settings:
            config(scope, "sales", **settings)
        return email_to(new_contact(scope))

    return setup


def with_config(setup: Setup, agent: str, **values: Any) -> Setup:
    def wrapped(scope: Scope) -> dict[str, Any]:
        config(scope, agent, **values)
        return setup(scope)

    return wrapped


def suppressed_email(scope: Scope) -> dict[str, Any]:
    """A fresh contact whose address an earlier erasure put on the suppression list."""
    contact = new_contact(scope)
    suppress(scope, contact.email.upper())
    return email_to(contact)


def no_postal_address(scope: Scope) -> dict[str, Any]:
    tenant = scope.session.get(Tenant, scope.tenant_id)
    assert tenant is not None
    tenant.postal_address = "   "
    scope.session.flush()
    return email_to(new_contact(scope))


def fixed(args: dict[str, Any]) -> Setup:
    return lambda scope: dict(args)


@dataclass(frozen=True)
class Case:
    id: str
    agent: str
    tool: str
    effect: str
    setup: Setup
    outcome: str
    rules: tuple[str, ...] = ()
    mode: str | None = "full_auto"
    context: dict[str, Any] | None = None
    facts: dict[str, Any] = field(default_factory=dict)


SUPPORT_TICKET = fixed({"order_number": anchors.ORDER_BELOW_REFUND_THRESHOLD})
ALLOW, APPROVE, DENY = "allow", "require_approval", "deny"

CASES = [
    Case("refund 500.00 full_auto", "support", "process_refund", "external", refund("500.00"),
         ALLOW, facts={"refund_amount": 500.0, "refund_amount_source": "policy_maximum"}),
    Case("refund 500.01 full_auto", "support", "process_refund", "external", refund("500.01"),
         APPROVE, ("refund_over_limit",), facts={"refund_amount": 500.01}),
    Case("refund amount 500.00 of 1250", "support", "process_refund", "external",
         refund("1250.00", asked="500.00"), ALLOW, facts={"refund_amount_source": "amount"}),
    Case("refund amount 500.01 of 1250", "support", "process_refund", "external",
         refund("1250.00", asked="500.01"), APPROVE, ("refund_over_limit",)),
    Case("order total 500.00 in two refunds", "support", "process_refund", "external",
         refund_after("250.00", "250.00"), ALLOW, facts={"order_refund_total": 500.0}),
    Case("order total 500.01 in two refunds", "support", "process_refund", "external",
         refund_after("250.00", "250.01"), APPROVE, ("order_refunds_over_limit",),
         facts={"order_refunded": 250.0, "order_refund_total": 500.01}),
    Case("customer total today 500.00", "support", "process_refund", "external",
         customer_refund_after("300.00", "200.00"), ALLOW,
         facts={"customer_refund_total_today": 500.0}),
    Case("customer total today 500.01", "support", "process_refund", "external",
         customer_refund_after("300.00", "200.01"), APPROVE,
         ("customer_daily_refunds_over_limit",), facts={"customer_refunded_today": 300.0}),
    Case("refund of the whole remainder", "support", "process_refund", "external",
         refund("349.00", asked="349.00"), ALLOW),
    Case("refund a cent above the remainder", "support", "process_refund", "external",
         refund("349.00", asked="349.01"), DENY, ("refund_exceeds_refundable",)),
    Case("deal 50,000.00", "sales", "update_crm", "draft", crm("50000.00"), ALLOW,
         facts={"deal_value": 50000.0, "deal_stage": anchors.BIG_DEAL_STAGE}),
    Case("deal 50,000.01", "sales", "update_crm", "draft", crm("50000.01"), APPROVE,
         ("deal_over_limit",)),
    Case("deal raised to 50,000.01", "sales", "update_crm", "draft",
         crm("50000.00", value="50000.01"), APPROVE, ("deal_over_limit",)),
    Case("stage to negotiation", "sales", "update_crm", "draft",
         crm("50000.00", stage="negotiation"), ALLOW),
    Case("stage to closed_won", "sales", "update_crm", "draft",
         crm("50000.00", stage="closed_won"), APPROVE, ("stage_past_negotiation",)),
    Case("stage to closed_lost", "sales", "update_crm", "draft",
         crm("50000.00", stage="closed_lost"), APPROVE, ("stage_past_negotiation",)),
    Case("proposal at list price", "sales", "generate_proposal", "draft", proposal(), ALLOW,
         facts={"pricing": {"customised": False}}),
    Case("proposal 0.01% discount", "sales", "generate_proposal", "draft",
         proposal(discount_pct="0.01"), APPROVE, ("pricing_customisation",)),
    Case("proposal custom terms", "sales", "generate_proposal", "draft",
         proposal(custom_terms="Logo on lanyards"), APPROVE, ("pricing_customisation",)),
    Case("legal review in args", "sales", "update_crm", "draft",
         crm("50000.00", notes="Their counsel will send redlines."), APPROVE, ("legal_review",)),
    Case("legal review in request", "sales", "update_crm", "draft", crm("50000.00"), APPROVE,
         ("legal_review",), context={"request_text": "They want a legal review of the MSA."}),
    Case("plain support request", "support", "resend_ticket", "external", SUPPORT_TICKET, ALLOW,
         context={"request_text": "Please resend my ticket, thanks"}),
    Case("safety question", "support", "resend_ticket", "external", SUPPORT_TICKET, APPROVE,
         ("sensitive_topic",), context={"request_text": "Is there a medical room? I'm allergic"}),
    Case("upset attendee", "support", "resend_ticket", "external", SUPPORT_TICKET, APPROVE,
         ("upset_attendee",), context={"request_text": "This is unacceptable, resend it now"}),
    Case("overdue 2 days", "operations", "send_reminder", "external", overdue(2), ALLOW,
         facts={"deliverables": [{"overdue_days": 2}]}),
    Case("overdue 3 days", "operations", "send_reminder", "external", overdue(3), APPROVE,
         ("ops_critical",)),
    Case("sales gap 40% at 29 days", "operations", "escalate_issue", "external",
         ticket_gap(29, -40.0), APPROVE, ("ops_critical",),
         facts={"ticket_pace": {"days_to_event": 29}}),
    Case("sales gap 39% at 29 days", "operations", "escalate_issue", "external",
         ticket_gap(29, -39.0), ALLOW),
    Case("sales gap 40% at 30 days", "operations", "escalate_issue", "external",
         ticket_gap(30, -40.0), ALLOW),
    Case("overrun 10.0%", "operations", "escalate_issue", "external", overrun("11000.00"), ALLOW,
         facts={"budget_lines": [{"overrun_pct": 10.0}]}),
    Case("overrun 10.01%", "operations", "escalate_issue", "external", overrun("11001.00"),
         APPROVE, ("ops_critical",), facts={"budget_lines": [{"overrun_pct": 10.01}]}),
    Case("vendor pending", "operations", "escalate_issue", "external", vendor("pending"), ALLOW),
    Case("vendor cancelled", "operations", "escalate_issue", "external", vendor("cancelled"),
         APPROVE, ("ops_critical",)),
    Case("reminder to cancelled vendor", "operations", "send_reminder", "external",
         vendor("cancelled", reminder=True), APPROVE, ("ops_critical",)),
    Case("escalation graded critical", "operations", "escalate_issue", "external",
         critical_severity, APPROVE, ("ops_critical",)),
    Case("follow-ups max-1", "sales", "send_email", "external", followups(2), ALLOW,
         facts={"followups_unanswered": 2}),
    Case("follow-ups max", "sales", "send_email", "external", followups(3), APPROVE,
         ("max_followups_reached",)),
    Case("executed follow-ups max-1", "sales", "send_email", "external", executed_followups(2),
         ALLOW),
    Case("executed follow-ups max", "sales", "send_email", "external", executed_followups(3),
         APPROVE, ("max_followups_reached",)),
    Case("cap-1 sent today", "sales", "send_email", "external", sent_today(2), ALLOW,
         facts={"sent_today": 2}),
    Case("cap sent today", "sales", "send_email", "external", sent_today(3), DENY,
         ("daily_outreach_cap",)),
    Case("proposed or rejected sends do not count", "sales", "send_email", "external",
         sent_today(2, unsent=2), ALLOW, facts={"sent_today": 2}),
    Case("other agents' sends do not count", "sales", "send_email", "external",
         sent_today(3, agent="support"), ALLOW),
    Case("opted out in full_auto", "sales", "send_email", "external",
         fixed(email_to(anchors.OPTED_OUT_EMAIL)), DENY, ("opted_out_contact",)),
    Case("opted out with auto-approve", "sales", "send_email", "external",
         with_config(fixed(email_to(anchors.OPTED_OUT_EMAIL)), "sales", auto_approve=True),
         DENY, ("opted_out_contact",), mode="assisted"),
    Case("suppressed after an erasure", "sales", "send_email", "external", suppressed_email,
         DENY, ("suppressed_recipient",)),
    Case("no postal address (CAN-SPAM)", "sales", "send_email", "external", no_postal_address,
         DENY, ("missing_postal_address",)),
    Case("bounced address", "sales", "send_email", "external",
         fixed(email_to(anchors.BOUNCED_EMAIL)), DENY, ("bounced_address",)),
    Case("external in assisted", "sales", "send_email", "external", clean_email(), APPROVE,
         ("external_default",), mode="assisted"),
    Case("external in full_auto", "sales", "send_email", "external", clean_email(), ALLOW),
    Case("external with auto-approve", "sales", "send_email", "external",
         clean_email(auto_approve=True), ALLOW, mode="assisted"),
    Case("configured full_auto", "sales", "send_email", "external",
         clean_email(autonomy_mode="full_auto"), ALLOW, mode=None,
         facts={"settings": {"mode": "full_auto", "mode_source": "config"}}),
    Case("mode argument overrides config", "sales", "send_email", "external",
         clean_email(autonomy_mode="full_auto"), APPROVE, ("external_default",),
         mode="assisted", facts={"settings": {"mode_source": "argument"}}),
    Case("auto-approve keeps escalations", "support", "process_refund", "external",
         with_config(refund("500.01"), "support", auto_approve=True), APPROVE,
         ("refund_over_limit",), mode="assisted"),
    Case("draft in assisted", "sales", "update_crm", "draft", crm("50000.00"), ALLOW,
         mode="assisted"),
    Case("draft in review_only", "sales", "update_crm", "draft", crm("50000.00"), APPROVE,
         ("review_only",), mode="review_only"),
    Case("read in review_only", "sales", "qualify_lead", "read", crm("50000.00"), ALLOW,
         mode="review_only"),
    Case("disabled agent drafts", "sales", "update_crm", "draft",
         with_config(crm("50000.00"), "sales", enabled=False), DENY, ("agent_disabled",)),
    Case("disabled agent reads", "sales", "qualify_lead", "read",
         with_config(fixed({"opportunity_id": 1}), "sales", enabled=False), ALLOW),
]  # fmt: skip


def subset(expected: Any, actual: Any) -> bool:
    """``expected`` is contained in ``actual`` (dicts by key, lists item by item)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and subset(v, actual[k]) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return len(expected) == len(actual) and all(map(subset, expected, actual))
    return bool(expected == actual)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_boundary(scope: Scope, case: Case) -> None:
    args = case.setup(scope)
    decision = decide(
        scope,
        agent=case.agent,
        tool=case.tool,
        effect=case.effect,
        args=args,
        context=case.context,
        mode=case.mode,
    )
    result = decision.as_json()
    assert (result["outcome"], decision.rules) == (case.outcome, case.rules), result
    assert subset(case.facts, result["facts"]), result["facts"]


def test_every_rule_fires_in_some_case() -> None:
    assert {rule for case in CASES for rule in case.rules} == set(RULE_IDS)
