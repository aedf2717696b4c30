"""Demo knowledge base: the FAQ and policies the support agent answers from.

Bodies are templates filled with the event's own facts (dates, city, policy days),
so answers stay consistent with the data the tools compute on.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from domain.models import Event, KnowledgeArticle

ARTICLES = (
    (
        "refund-policy",
        "Refund policy",
        "policy",
        ["refund", "cancel", "money back"],
        "Tickets are refundable in full until {full_days} days before the event ({full_date}). "
        "From then until {partial_days} days before ({partial_date}) we refund {partial_pct}% of "
        "the ticket price. After that, tickets are not refundable but can be transferred to a "
        "colleague free of charge. Refunds go back to the original payment method within 5–10 "
        "business days. Refunds above $500 are reviewed by a member of our team.",
    ),
    (
        "ticket-transfer",
        "Transferring a ticket to someone else",
        "policy",
        ["transfer", "name change", "colleague"],
        "You can transfer a ticket to another person at no cost until {transfer_days} day before "
        "the event. The new attendee receives a fresh ticket code by email and the old code stops "
        "working. Each transfer is recorded on the order.",
    ),
    (
        "resend-ticket",
        "I did not receive my ticket",
        "faq",
        ["resend", "lost ticket", "email"],
        "Tickets are emailed to the buyer right after purchase. Check your spam folder first. "
        "We can resend the confirmation to the buyer or to an individual attendee at any time; "
        "quote your order number (ORD-…).",
    ),
    (
        "code-of-conduct",
        "Code of conduct",
        "policy",
        ["conduct", "harassment", "report"],
        "{name} is dedicated to a harassment-free experience for everyone. Report any concern to "
        "a staff member in a purple shirt or at the information desk; reports are handled "
        "confidentially by our safety team.",
    ),
    (
        "safety-security",
        "Safety and security at the venue",
        "policy",
        ["safety", "security", "emergency", "bag check"],
        "All bags are checked at the entrance. First aid is available next to the main hall. "
        "In an emergency follow staff instructions and the green exit signs. Questions about "
        "safety or security are always answered by our security lead, not by automated support.",
    ),
    (
        "venue-directions",
        "Getting to the venue",
        "faq",
        ["venue", "directions", "metro"],
        "{name} takes place at {venue}, {city}. The nearest metro station is a five-minute walk; "
        "shuttle buses run from the city centre every 20 minutes on both event days.",
    ),
    (
        "parking",
        "Parking",
        "faq",
        ["parking", "car"],
        "The venue car park has 400 spaces at €18 per day. Accessible spaces are next to the "
        "north entrance. We recommend public transport.",
    ),
    (
        "hotels",
        "Partner hotels",
        "faq",
        ["hotel", "accommodation", "discount"],
        "Three partner hotels within walking distance offer a 15% discount with code NWAI26 "
        "until 21 days before the event.",
    ),
    (
        "wifi",
        "Wi-Fi at the event",
        "faq",
        ["wifi", "internet"],
        "Free Wi-Fi is available throughout the venue; the network name and password are printed "
        "on your badge.",
    ),
    (
        "agenda",
        "Agenda and sessions",
        "faq",
        ["agenda", "schedule", "sessions"],
        "The agenda covers {topics}. Doors open at 08:00 on {start}; the closing keynote ends at "
        "17:30 on {end}. The full agenda is on the event website.",
    ),
    (
        "accessibility",
        "Accessibility",
        "faq",
        ["accessibility", "wheelchair", "captions"],
        "The venue is step-free. Live captions are shown in every main-stage session and sign "
        "language interpretation can be requested up to 14 days before the event.",
    ),
    (
        "dietary",
        "Dietary requirements",
        "faq",
        ["food", "vegan", "allergy", "dietary"],
        "Lunch and coffee are included. Vegetarian, vegan, gluten-free and halal options are "
        "labelled. Tell us about allergies when you register or by replying to your ticket email.",
    ),
    (
        "visa-letter",
        "Visa invitation letters",
        "faq",
        ["visa", "invitation letter"],
        "Registered attendees can request a visa invitation letter from their order page. Letters "
        "are issued within three business days.",
    ),
    (
        "invoices",
        "Invoices and receipts",
        "faq",
        ["invoice", "receipt", "vat"],
        "A receipt is attached to your confirmation email. For a VAT invoice with your company "
        "details, reply to the confirmation email with the company name and VAT number.",
    ),
    (
        "group-discounts",
        "Group discounts",
        "faq",
        ["group", "team", "discount"],
        "Groups of five or more get 10% off Standard tickets; groups of ten or more get 15%.",
    ),
    (
        "student-tickets",
        "Student tickets",
        "policy",
        ["student", "discount", "id"],
        "Student tickets require a valid student ID at badge pickup. A student ticket without ID "
        "can be upgraded to Standard on site.",
    ),
    (
        "vip-benefits",
        "VIP ticket benefits",
        "faq",
        ["vip", "lounge", "benefits"],
        "VIP tickets include lounge access, reserved keynote seating, the speakers' dinner and a "
        "dedicated check-in desk.",
    ),
    (
        "badge-pickup",
        "Badge pickup",
        "faq",
        ["badge", "check-in", "registration desk"],
        "Pick up your badge from 07:30 on {start} at the registration desks in the main foyer. "
        "Bring your ticket QR code and a photo ID.",
    ),
    (
        "livestream",
        "Livestream access",
        "faq",
        ["livestream", "online", "virtual"],
        "Main-stage sessions are streamed live to ticket holders. The link is emailed the day "
        "before the event.",
    ),
    (
        "recordings",
        "Session recordings",
        "faq",
        ["recording", "video", "slides"],
        "Recordings and slides are published to ticket holders within two weeks of the event.",
    ),
    (
        "name-change",
        "Correcting the name on a ticket",
        "faq",
        ["name", "typo", "badge name"],
        "Spelling corrections to an attendee's name are free and do not count as a transfer.",
    ),
    (
        "sponsorship-packages",
        "Sponsorship packages",
        "faq",
        ["sponsor", "exhibit", "packages"],
        "Sponsorship packages range from Startup to Platinum. Custom packages and pricing are "
        "handled by our partnerships team.",
    ),
    (
        "exhibitor-info",
        "Exhibitor information",
        "faq",
        ["exhibitor", "booth", "load-in"],
        "Exhibitor load-in starts at 14:00 the day before the event. Booth furniture, power and "
        "one lead-scanner licence are included.",
    ),
    (
        "privacy",
        "Privacy policy",
        "policy",
        ["privacy", "data", "gdpr"],
        "We process attendee data to run the event and share badge scans with sponsors only when "
        "you choose to be scanned. You can ask for your data to be deleted at any time.",
    ),
    (
        "photography",
        "Photography and filming",
        "policy",
        ["photo", "filming", "consent"],
        "The event is photographed and filmed. Attendees who prefer not to be photographed can "
        "pick up a red lanyard at registration.",
    ),
    (
        "health",
        "Health guidance",
        "faq",
        ["health", "illness", "first aid"],
        "If you feel unwell before the event, you may transfer your ticket to a colleague. First "
        "aid staff are on site throughout both days.",
    ),
    (
        "childcare",
        "Bringing children",
        "faq",
        ["children", "childcare", "family"],
        "Attendees under 16 must be accompanied. A free family room is available on level 1.",
    ),
    (
        "lost-and-found",
        "Lost and found",
        "faq",
        ["lost", "found", "property"],
        "Lost property is kept at the information desk during the event and for 30 days after.",
    ),
    (
        "cancellation-by-organiser",
        "If the event is cancelled or postponed",
        "policy",
        ["cancelled", "postponed", "force majeure"],
        "If we cancel the event every ticket is refunded in full. If we postpone it, tickets stay "
        "valid for the new dates or can be refunded in full within 30 days of the announcement.",
    ),
    (
        "contact-support",
        "Contacting support",
        "faq",
        ["contact", "support", "help"],
        "Our support team answers within one business day; include your order number. Urgent "
        "safety issues during the event: go to any staff member.",
    ),
)


def build_articles(session: Session, tenant_id: str, event: Event, snapshot: date) -> int:
    """Thirty articles filled with the upcoming event's facts."""
    partial_from = event.starts_on - timedelta(days=event.refund_partial_days_before)
    facts = {
        "name": event.name,
        "venue": event.venue,
        "city": event.city,
        "start": f"{event.starts_on:%d %B %Y}",
        "end": f"{event.ends_on:%d %B %Y}",
        "topics": ", ".join(event.topics),
        "full_days": event.refund_full_days_before,
        "full_date": f"{event.starts_on - timedelta(days=event.refund_full_days_before):%d %B}",
        "partial_days": event.refund_partial_days_before,
        "partial_date": f"{partial_from:%d %B}",
        "partial_pct": event.refund_partial_pct,
        "transfer_days": event.transfer_cutoff_days_before,
    }
    updated = datetime.combine(snapshot - timedelta(days=30), time(9), tzinfo=UTC)
    session.add_all(
        KnowledgeArticle(
            tenant_id=tenant_id,
            event_id=event.id,
            slug=slug,
            title=title,
            category=category,
            tags=tags,
            body=body.format(**facts),
            updated_at=updated,
        )
        for slug, title, category, tags, body in ARTICLES
    )
    return len(ARTICLES)
