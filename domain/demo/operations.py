"""Demo vendors, deliverables and budget for the upcoming event."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from domain.demo import anchors
from domain.models import BudgetLine, Deliverable, Event, Vendor

VENDORS = (
    ("Harbourfront Convention Centre", "venue", "confirmed", -40),
    ("Clearwave AV", "av", "confirmed", -20),
    (anchors.UNCONFIRMED_VENDOR, "catering", "pending", 5),
    ("Lisbon Badge Print", "printing", "confirmed", -10),
    ("SecureEvents", "security", "confirmed", -15),
    ("StreamHouse", "livestream", "pending", 21),
    ("Atlas Shuttles", "transport", "confirmed", -5),
    ("Bloom Decor", "decor", "confirmed", -25),
    ("TranslateNow", "interpreting", "pending", 18),
    ("PhotoLane", "photography", "confirmed", -30),
)
OWNERS = (
    ("Ines Costa", "ines.costa"),
    ("Tomas Novak", "tomas.novak"),
    ("Priya Patel", "priya.patel"),
    ("Marcus Weber", "marcus.weber"),
    ("Leila Haddad", "leila.haddad"),
)
DELIVERABLES = (
    ("venue", "Sign venue floor plan"),
    ("venue", "Confirm room capacities"),
    ("av", "Book stage lighting"),
    ("av", "Test livestream encoder"),
    ("catering", "Finalise lunch menu"),
    ("catering", "Collect dietary requirements"),
    ("speakers", "Collect speaker slides"),
    ("speakers", "Book speaker travel"),
    ("speakers", "Publish speaker bios"),
    ("speakers", "Brief keynote speakers"),
    ("marketing", "Launch agenda page"),
    ("marketing", "Print programme booklet"),
    ("marketing", "Schedule reminder emails"),
    ("registration", "Configure badge printing"),
    ("registration", "Staff the check-in desks"),
    ("registration", "Send know-before-you-go"),
    ("signage", "Order wayfinding signs"),
    ("signage", "Approve sponsor banners"),
    ("sponsorship", "Collect sponsor logos"),
    ("sponsorship", "Allocate booth spaces"),
    ("sponsorship", "Deliver sponsor lead-scanner apps"),
    ("security", "Submit security plan"),
    ("transport", "Publish shuttle timetable"),
    ("content", "Record session intros"),
    ("content", "Prepare session evaluations"),
    ("venue", "Insurance certificate"),
    ("av", "Rehearse keynote run-through"),
    ("catering", "Confirm coffee stations"),
    ("speakers", "Sign speaker agreements"),
    ("marketing", "Brief press partners"),
    ("registration", "Test ticket scanning"),
    ("sponsorship", "Sponsor onboarding call"),
    ("venue", "Accessibility walkthrough"),
    ("content", "Finalise workshop materials"),
    ("marketing", "Social media countdown"),
    ("speakers", "Assign session moderators"),
    ("transport", "Book VIP transfers"),
    ("security", "Badge access levels"),
    ("av", "Book interpreters' booths"),
)
BUDGET = (
    (anchors.OVERRUN_BUDGET_LINE, 240000, 276000),
    ("Catering", 160000, 92000),
    ("Speakers & travel", 90000, 61000),
    ("Marketing", 140000, 88000),
    ("Production & staging", 80000, 45000),
    ("Staff & volunteers", 50000, 21000),
    ("Security", 30000, 12000),
    ("Printing & signage", 25000, 9000),
    ("Contingency", 45000, 4000),
)


def build_vendors(session: Session, tenant_id: str, event: Event, snapshot: date) -> list[Vendor]:
    """Ten vendors; Harbor Catering is unconfirmed with its deadline five days away."""
    vendors = [
        Vendor(
            tenant_id=tenant_id,
            event_id=event.id,
            name=name,
            service=service,
            contact_name=f"{service.title()} desk",
            contact_email=f"bookings@{name.split()[0].lower()}.example",
            status=status,
            confirm_by=snapshot + timedelta(days=offset),
            contract_value=Decimal(8000 + 3000 * index),
        )
        for index, (name, service, status, offset) in enumerate(VENDORS)
    ]
    session.add_all(vendors)
    session.flush()
    return vendors


def build_deliverables(
    session: Session,
    tenant_id: str,
    rng: random.Random,
    event: Event,
    vendors: list[Vendor],
    snapshot: date,
) -> int:
    """Forty deliverables; most early ones done, a few overdue, one blocked."""
    by_service = {v.service: v for v in vendors}
    rows = []
    for index, (category, title) in enumerate(DELIVERABLES):
        due = snapshot + timedelta(days=-28 + index * 2)
        owner, handle = OWNERS[index % len(OWNERS)]
        if due < snapshot - timedelta(days=2):
            status = "done"
        elif due < snapshot:
            status = "in_progress"
        else:
            status = rng.choices(("not_started", "in_progress", "done"), weights=(4, 4, 1))[0]
        rows.append(
            Deliverable(
                tenant_id=tenant_id,
                event_id=event.id,
                title=title,
                category=category,
                owner_name=owner,
                owner_email=f"{handle}@northwind.example",
                due_on=due,
                status=status,
                completed_on=due - timedelta(days=1) if status == "done" else None,
                priority=rng.choice(("low", "medium", "medium", "high")),
                vendor_id=by_service[category].id if category in by_service else None,
            )
        )
    rows.append(
        Deliverable(
            tenant_id=tenant_id,
            event_id=event.id,
            title=anchors.OVERDUE_DELIVERABLE,
            category="av",
            owner_name="Marcus Weber",
            owner_email="marcus.weber@northwind.example",
            due_on=snapshot - timedelta(days=anchors.OVERDUE_DELIVERABLE_DAYS),
            status="in_progress",
            priority="high",
            vendor_id=by_service["av"].id,
            notes="Waiting on the AV vendor's cue list.",
        )
    )
    blocked = next(r for r in rows if r.title == "Approve sponsor banners")
    blocked.status, blocked.notes = "blocked", "Two sponsors have not sent print-ready logos."
    session.add_all(rows)
    return len(rows)


def build_budget(session: Session, tenant_id: str, event: Event) -> int:
    """Budget lines; Venue & AV is 15% over plan."""
    session.add_all(
        BudgetLine(
            tenant_id=tenant_id,
            event_id=event.id,
            category=category,
            planned=Decimal(planned),
            actual=Decimal(actual),
            committed=Decimal(int(planned * 0.1)),
        )
        for category, planned, actual in BUDGET
    )
    return len(BUDGET)
