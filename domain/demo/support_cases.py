"""Demo support cases: fifty recent requests across every category."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.models import Event, Order, SupportCase

TEMPLATES = (
    (
        "refund",
        "Refund request",
        "I can no longer attend. Can I get a refund for order {order}?",
        "neutral",
    ),
    (
        "refund",
        "Refund please",
        "My company cancelled travel. Please refund order {order}.",
        "neutral",
    ),
    (
        "transfer",
        "Transfer my ticket",
        "Please transfer my ticket on {order} to a colleague.",
        "neutral",
    ),
    (
        "resend",
        "Ticket not received",
        "I bought {order} but never got the ticket email.",
        "neutral",
    ),
    ("access", "Livestream link", "Where do I find the livestream link for {order}?", "neutral"),
    ("general", "Parking question", "Is there parking at the venue?", "neutral"),
    ("general", "Dietary needs", "I have a nut allergy, will lunch be safe?", "neutral"),
    (
        "complaint",
        "Very disappointed",
        "This is the third time I ask about {order}. Nobody answers and I am really frustrated.",
        "upset",
    ),
    (
        "safety",
        "Accessibility and safety",
        "Is the venue safe for someone using a wheelchair during evacuation?",
        "neutral",
    ),
    ("general", "Invoice needed", "I need a VAT invoice for {order}.", "neutral"),
)


def build_cases(
    session: Session, tenant_id: str, rng: random.Random, event: Event, snapshot: date
) -> int:
    """Fifty cases over the last 30 days; older ones mostly resolved."""
    orders = session.scalars(
        select(Order).where(Order.event_id == event.id, Order.status == "paid").limit(400)
    ).all()
    cases = []
    for index in range(50):
        category, subject, body, sentiment = TEMPLATES[index % len(TEMPLATES)]
        order = rng.choice(orders)
        created = datetime.combine(
            snapshot - timedelta(days=rng.randint(0, 30)),
            time(rng.randint(7, 22), rng.randint(0, 59)),
            tzinfo=UTC,
        )
        age = (snapshot - created.date()).days
        status = (
            "resolved"
            if age > 5 and rng.random() < 0.8
            else rng.choice(("open", "pending", "escalated" if sentiment == "upset" else "open"))
        )
        cases.append(
            SupportCase(
                tenant_id=tenant_id,
                event_id=event.id,
                order_id=order.id if "{order}" in body else None,
                requester_name=order.buyer_name,
                requester_email=order.buyer_email,
                subject=subject,
                body=body.format(order=order.number),
                category=category,
                status=status,
                priority="high" if category in ("safety", "complaint") else "normal",
                sentiment=sentiment,
                created_at=created,
                resolved_at=created + timedelta(hours=rng.randint(1, 30))
                if status == "resolved"
                else None,
                resolution="Answered from the knowledge base" if status == "resolved" else None,
            )
        )
    session.add_all(cases)
    return len(cases)
