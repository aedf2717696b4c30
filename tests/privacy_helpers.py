"""A demo person planted in many tables, for the privacy tests.

Maya Lindqvist already bought ORD-10501 in the demo. ``plant_person`` makes her also a
contact with a bio, an attendee, the requester of a support case, the subject of an
outreach draft, a follow-up, an activity, an agent message, a feedback note, an audit
event, an outbox email, an external event appearance and a note on a deal, with her
phone number in free text, so an erasure has to reach every kind of table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.demo import anchors
from domain.models import (
    Activity,
    AgentMessage,
    Attendee,
    AuditEvent,
    Company,
    Contact,
    Event,
    ExternalEvent,
    ExternalEventAttendance,
    Feedback,
    FollowUp,
    Opportunity,
    Order,
    OutboxMessage,
    OutreachDraft,
    SupportCase,
)

EMAIL = anchors.ORDER_BUYER_EMAIL
NAME = "Maya Lindqvist"
PHONE = "+46 70 123 45 67"
PHONE_AS_WRITTEN = "+46-70-1234567"
"""How the support case spells her number: the sweep must match it anyway."""
ORDER = anchors.ORDER_BELOW_REFUND_THRESHOLD
OTHER_ORDER = anchors.ORDER_ABOVE_REFUND_THRESHOLD
WHEN = datetime(2026, 8, 30, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Planted:
    """Ids of what was planted, and the other person (ORD-10500's buyer) who must survive."""

    contact_id: int
    order_id: int
    other_name: str
    other_email: str


def plant_person(session: Session, tenant_id: str = anchors.TENANT_ID) -> Planted:
    """Put Maya in every kind of table; returns the ids and the other buyer."""
    order = session.scalars(
        select(Order).where(Order.tenant_id == tenant_id, Order.number == ORDER)
    ).one()
    other = session.scalars(
        select(Order).where(Order.tenant_id == tenant_id, Order.number == OTHER_ORDER)
    ).one()
    company = session.scalars(select(Company).where(Company.tenant_id == tenant_id)).first()
    event = session.get(Event, order.event_id)
    assert company is not None and event is not None
    contact = Contact(
        tenant_id=tenant_id,
        company_id=company.id,
        first_name="Maya",
        last_name="Lindqvist",
        email=EMAIL,
        email_status="verified",
        title="Head of Platform",
        department="engineering",
        seniority="director",
        linkedin_url="https://www.linkedin.com/in/maya-lindqvist",
        bio=f"{NAME} runs platform engineering; reach her on {PHONE}.",
    )
    session.add(contact)
    session.flush()
    external = ExternalEvent(
        tenant_id=tenant_id,
        name="Nordic Cloud Days",
        starts_on=WHEN.date(),
        city="Oslo",
        topic="cloud",
    )
    session.add(external)
    session.flush()
    session.add_all(
        [
            Attendee(
                tenant_id=tenant_id,
                order_id=order.id,
                name=NAME,
                email=EMAIL,
                ticket_code="TCK-MAYA-1",
                company=company.name,
                job_title="Head of Platform",
            ),
            SupportCase(
                tenant_id=tenant_id,
                event_id=event.id,
                order_id=order.id,
                requester_name=NAME,
                requester_email=EMAIL,
                subject="Refund for my ticket",
                body=f"Hi, this is {NAME}. Please call me at {PHONE_AS_WRITTEN}.",
                category="refund",
            ),
            OutreachDraft(
                tenant_id=tenant_id,
                contact_id=contact.id,
                subject="Speaking at the summit?",
                body=f"Hi Maya, ... {NAME}",
                personalization={"name": NAME, "email": EMAIL},
            ),
            FollowUp(
                tenant_id=tenant_id,
                contact_id=contact.id,
                scheduled_for=WHEN,
                followup_type="reminder",
                message_draft=f"Following up with {NAME}",
            ),
            Activity(
                tenant_id=tenant_id,
                contact_id=contact.id,
                company_id=company.id,
                kind="call",
                subject=f"Call with {NAME}",
                body=f"Dialled {PHONE}",
                occurred_at=WHEN,
            ),
            AgentMessage(
                tenant_id=tenant_id,
                from_agent="support",
                to_agent="sales",
                message_type="notification",
                payload={"note": f"{NAME} <{EMAIL}> may want a sponsor package"},
            ),
            Feedback(
                tenant_id=tenant_id,
                agent="sales",
                tool="send_email",
                kind="rejected",
                message=f"Do not write to {NAME} before the board meeting",
            ),
            AuditEvent(
                tenant_id=tenant_id,
                actor="support",
                event="requested",
                detail={"tool": "send_email", "args": {"to": EMAIL, "name": NAME}},
            ),
            OutboxMessage(
                tenant_id=tenant_id,
                idempotency_key="planted:maya",
                kind="email",
                agent="sales",
                recipient=EMAIL,
                subject="Welcome",
                body=f"Dear {NAME}, welcome.",
                payload={"contact_id": contact.id},
            ),
            ExternalEventAttendance(
                tenant_id=tenant_id,
                external_event_id=external.id,
                contact_id=contact.id,
                company_id=company.id,
                role="speaker",
            ),
        ]
    )
    deal = session.scalars(select(Opportunity).where(Opportunity.tenant_id == tenant_id)).first()
    assert deal is not None
    deal.notes = f"{deal.notes}\nIntroduced by {NAME} ({EMAIL})."
    session.flush()
    return Planted(contact.id, order.id, other.buyer_name, other.buyer_email)
