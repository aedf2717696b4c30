"""Erasure and export in the business database, on SQLite and Postgres (rolled back).

Maya is planted in every kind of table (``tests.privacy_helpers``); after the erasure
the text sweep finds her nowhere, her order still counts for revenue, the audit trail
keeps its events under her pseudonym, she can no longer be emailed, and the other
buyer's data is untouched.
"""

from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import func, select

from domain import policy
from domain.models import (
    Attendee,
    AuditEvent,
    Contact,
    ErasureReceipt,
    ExternalEventAttendance,
    Order,
    SupportCase,
    Suppression,
)
from domain.privacy.erase import erase_subject
from domain.privacy.export import export_subject
from domain.privacy.locate import sweep
from domain.privacy.pseudonym import pseudonym
from domain.privacy.subject import find_subject
from domain.privacy.suppression import is_suppressed
from domain.scope import Scope
from tests.privacy_helpers import EMAIL, NAME, PHONE, PHONE_AS_WRITTEN, plant_person


def _revenue(scope: Scope) -> Decimal:
    total = scope.session.scalar(
        select(func.sum(Order.amount)).where(Order.tenant_id == scope.tenant_id)
    )
    return Decimal(total or 0)


def test_export_lists_every_table_that_holds_the_person(scope: Scope) -> None:
    planted = plant_person(scope.session)
    subject = find_subject(scope, email=EMAIL.upper(), phones=(PHONE,))
    assert subject.contact_ids == (planted.contact_id,)
    assert NAME in subject.names
    data = export_subject(scope, subject, suppressed=False)
    expected = {
        "activities",
        "agent_messages",
        "attendees",
        "audit_log",
        "contacts",
        "external_event_attendance",
        "feedback",
        "followups",
        "opportunities",
        "orders",
        "outbox",
        "outreach_drafts",
        "support_cases",
    }
    assert expected <= set(data["tables"])
    assert [o["number"] for o in data["tables"]["orders"]] == ["ORD-10501"]
    assert all(o["buyer_email"] == EMAIL for o in data["tables"]["orders"])
    assert planted.other_email not in json.dumps(data)  # nobody else's rows
    json.dumps(data)  # JSON-ready: no Decimal or datetime left


def test_erasure_leaves_no_mention_and_keeps_the_business_whole(scope: Scope) -> None:
    planted = plant_person(scope.session)
    revenue = _revenue(scope)
    audit_rows = scope.session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    subject = find_subject(scope, email=EMAIL, phones=(PHONE,))
    assert sweep(scope, subject)  # she is there before

    receipt = erase_subject(scope, subject)

    assert sweep(scope, subject) == {}
    alias = pseudonym(scope.privacy_key, scope.tenant_id, EMAIL)
    assert receipt.subject == alias and alias.startswith("erased:")
    receipt_text = json.dumps(
        {"s": receipt.subject, "r": receipt.rows, "t": receipt.threads, "by": receipt.requested_by}
    )
    for needle in (EMAIL, NAME, "Lindqvist", "1234567"):
        assert needle.lower() not in receipt_text.lower()
    assert receipt.rows["contacts"] == 1 and receipt.rows["orders"] == 1

    order = scope.session.get(Order, planted.order_id)
    assert order is not None
    assert (order.buyer_name, order.buyer_email) == ("[erased]", alias)
    assert order.amount == Decimal("349.00") and _revenue(scope) == revenue
    contact = scope.session.get(Contact, planted.contact_id)
    assert contact is not None and contact.opted_out and contact.bio == ""
    assert (contact.first_name, contact.email, contact.linkedin_url) == ("[erased]", alias, None)
    case = scope.session.scalars(
        select(SupportCase).where(SupportCase.requester_email == alias)
    ).one()
    assert PHONE_AS_WRITTEN not in case.body and case.body == "[erased]"
    assert not scope.session.scalars(
        select(ExternalEventAttendance).where(
            ExternalEventAttendance.contact_id == planted.contact_id
        )
    ).all()

    # The audit trail keeps every event (one more: the erasure), identifiers pseudonymised.
    assert scope.session.scalar(select(func.count()).select_from(AuditEvent)) == audit_rows + 1
    details = [json.dumps(e.detail) for e in scope.session.scalars(select(AuditEvent))]
    assert sum('"event": "erased"' in d or alias in d for d in details) >= 2
    assert any(f'"to": "{alias}"' in d for d in details)
    stored = scope.session.get(ErasureReceipt, receipt.id)
    assert stored is not None and stored.requested_by == "test"

    # The other buyer and attendees are untouched.
    other = scope.session.scalars(select(Order).where(Order.buyer_email == planted.other_email))
    assert all(o.buyer_name == planted.other_name for o in other)
    assert (
        scope.session.scalar(
            select(func.count()).select_from(Attendee).where(Attendee.name == "[erased]")
        )
        == 1
    )


def test_an_erased_address_is_never_contacted_again(scope: Scope) -> None:
    plant_person(scope.session)
    erase_subject(scope, find_subject(scope, email=EMAIL))
    assert is_suppressed(scope, f"  {EMAIL.upper()} ")
    digest = scope.session.scalars(select(Suppression.email_hash)).one()
    assert EMAIL not in digest and len(digest) == 64
    # Her address comes back (a new contact from a list): the policy still refuses.
    decision = policy.decide(
        scope,
        agent="sales",
        tool="send_email",
        effect="external",
        args={"to": EMAIL, "subject": "Hello", "body": "Hi"},
    )
    assert decision.outcome == "deny"
    assert "suppressed_recipient" in decision.rules
    other = policy.decide(
        scope,
        agent="sales",
        tool="send_email",
        effect="external",
        args={"to": "someone.else@example.org", "subject": "Hello", "body": "Hi"},
    )
    assert "suppressed_recipient" not in other.rules


def test_erasure_by_contact_id_finds_the_orders_by_the_contact_s_address(scope: Scope) -> None:
    planted = plant_person(scope.session)
    subject = find_subject(scope, contact_id=planted.contact_id)
    assert subject.emails == (EMAIL,) and subject.order_ids == (planted.order_id,)
    erase_subject(scope, subject)
    assert sweep(scope, find_subject(scope, email=EMAIL)) == {}
