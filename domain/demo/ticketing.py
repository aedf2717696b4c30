"""Demo events (two past editions and the upcoming one), tickets, orders and refunds."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from domain.demo import anchors
from domain.demo import vocabulary as v
from domain.demo.sales_curve import WINDOW_DAYS, sample_daily_counts
from domain.models import Attendee, Event, Order, Refund, TicketType, TrafficDaily

CURRENT_ORDERS = 3000
PAST_FINAL_ORDERS = {2: 3900, 1: 4450}  # years back -> final order count
PRICES = {
    "Early Bird": Decimal("249.00"),
    "Standard": Decimal("349.00"),
    "VIP": Decimal("1250.00"),
    "Student": Decimal("99.00"),
}
CHANNELS = ("direct", "email", "social", "paid", "partner")


class OrderStub(NamedTuple):
    """What later steps need of an inserted order."""

    id: int
    number: str
    amount: Decimal
    placed_at: datetime
    quantity: int


@dataclass
class Edition:
    """An event with its ticket types, as the generator needs them."""

    event: Event
    ticket_types: dict[str, TicketType]


def build_events(session: Session, tenant_id: str, snapshot: date) -> list[Edition]:
    """The 2024 and 2025 editions and the 2026 one six weeks out, oldest first."""
    starts = snapshot + timedelta(days=anchors.EVENT_STARTS_IN_DAYS)
    editions: list[Edition] = []
    previous: Event | None = None
    for years_back, name, slug, target, capacity in (
        (2, "Northwind AI Summit 2024", "ai-summit-2024", 4600, 5000),
        (1, anchors.PAST_EVENT_NAME, anchors.PAST_EVENT_SLUG, 5200, 5600),
        (0, anchors.EVENT_NAME, anchors.EVENT_SLUG, 8000, 8500),
    ):
        start = starts - timedelta(days=364 * years_back)
        event = Event(
            tenant_id=tenant_id,
            name=name,
            slug=slug,
            starts_on=start,
            ends_on=start + timedelta(days=1),
            sales_open_on=start - timedelta(days=WINDOW_DAYS),
            venue="Harbourfront Convention Centre",
            city="Lisbon",
            capacity=capacity,
            ticket_target=target,
            revenue_target=Decimal(target) * Decimal("390"),
            budget_total=Decimal("900000") - Decimal(120000 * years_back),
            topics=list(v.EVENT_TOPICS),
            audience_industries=list(v.EVENT_INDUSTRIES),
            previous_edition_id=previous.id if previous else None,
        )
        session.add(event)
        session.flush()
        types = {
            name_: TicketType(
                tenant_id=tenant_id,
                event_id=event.id,
                name=name_,
                price=price - Decimal(20 * years_back),
                quota=quota,
            )
            for (name_, price), quota in zip(PRICES.items(), (1500, 4000, 400, 600), strict=True)
        }
        session.add_all(types.values())
        session.flush()
        editions.append(Edition(event, types))
        previous = event
    return editions


def _ticket_type(rng: random.Random, day_index: int) -> str:
    roll = rng.random()
    if roll < 0.07:
        return "VIP"
    if roll < 0.12:
        return "Student"
    return "Early Bird" if day_index <= 30 else "Standard"


def build_orders(
    session: Session,
    tenant_id: str,
    rng: random.Random,
    nprng: np.random.Generator,
    edition: Edition,
    *,
    total: int,
    days: int,
    number_format: str,
    campaign_ids: dict[str, list[int]],
    snapshot: date,
) -> list[OrderStub]:
    """Orders for one edition following the sales curve."""
    event = edition.event
    counts = sample_daily_counts(nprng, event.sales_open_on.weekday(), total, days)
    rows = []
    serial = 0
    for day_index, count in enumerate(counts):
        day = event.sales_open_on + timedelta(days=day_index)
        for _ in range(int(count)):
            serial += 1
            kind = _ticket_type(rng, day_index)
            quantity = rng.choices((1, 2, 3, 4), weights=(78, 15, 5, 2))[0]
            ticket_type = edition.ticket_types[kind]
            channel = rng.choices(CHANNELS, weights=(40, 25, 15, 12, 8))[0]
            campaigns = campaign_ids.get(channel, []) if day <= snapshot else []
            first, last = rng.choice(v.FIRST_NAMES), rng.choice(v.LAST_NAMES)
            placed = datetime.combine(day, time(rng.randint(7, 22), rng.randint(0, 59)), tzinfo=UTC)
            rows.append(
                {
                    "tenant_id": tenant_id,
                    "number": number_format.format(serial=serial),
                    "event_id": event.id,
                    "ticket_type_id": ticket_type.id,
                    "buyer_name": f"{first} {last}",
                    "buyer_email": f"{first}.{last}{serial}@mail.example".lower().replace("ü", "u"),
                    "quantity": quantity,
                    "amount": ticket_type.price * quantity,
                    "status": "paid",
                    "channel": channel,
                    "campaign_id": rng.choice(campaigns) if campaigns else None,
                    "placed_at": placed,
                    "cancelled_at": None,
                }
            )
    if edition.event.slug == anchors.EVENT_SLUG:
        _place_anchor_orders(rows, edition)
    result = session.execute(
        insert(Order).returning(
            Order.id,
            Order.number,
            Order.amount,
            Order.placed_at,
            Order.quantity,
            sort_by_parameter_order=True,
        ),
        rows,
    )
    return [OrderStub(*r) for r in result]


def _place_anchor_orders(rows: list[dict[str, Any]], edition: Edition) -> None:
    """Fix the two refund-threshold orders: one VIP above $500, one Standard below."""
    vip, standard = edition.ticket_types["VIP"], edition.ticket_types["Standard"]
    for number, ticket_type, buyer, email in (
        (anchors.ORDER_ABOVE_REFUND_THRESHOLD, vip, "Elena Moreau", "elena.moreau@mail.example"),
        (
            anchors.ORDER_BELOW_REFUND_THRESHOLD,
            standard,
            "Maya Lindqvist",
            anchors.ORDER_BUYER_EMAIL,
        ),
    ):
        row = next(r for r in rows if r["number"] == number)
        row.update(
            ticket_type_id=ticket_type.id,
            quantity=1,
            amount=ticket_type.price,
            buyer_name=buyer,
            buyer_email=email,
            status="paid",
        )
    assert rows[499]["amount"] == anchors.ORDER_ABOVE_REFUND_AMOUNT
    assert rows[500]["amount"] == anchors.ORDER_BELOW_REFUND_AMOUNT


def build_attendees(
    session: Session,
    tenant_id: str,
    rng: random.Random,
    orders: list[OrderStub],
    companies: list[str],
) -> int:
    """One attendee row per ticket, with company, title and industry for demographics."""
    rows = []
    for order in orders:
        number = order.number
        for seat in range(order.quantity):
            first, last = rng.choice(v.FIRST_NAMES), rng.choice(v.LAST_NAMES)
            title, _dept, _sen = rng.choice(v.TITLES)
            rows.append(
                {
                    "tenant_id": tenant_id,
                    "order_id": order.id,
                    "name": f"{first} {last}",
                    "email": f"{first}.{last}.{number[-5:]}{seat}@mail.example".lower().replace(
                        "ü", "u"
                    ),
                    "ticket_code": f"TK-{number[-5:]}-{seat + 1}",
                    "company": rng.choice(companies),
                    "job_title": title,
                    "industry": rng.choices(
                        v.INDUSTRIES, weights=[5, 4, 4, 3, 3, 2, 1, 1, 1, 1, 1, 1]
                    )[0],
                    "transfer_history": [],
                }
            )
    session.execute(insert(Attendee), rows)
    return len(rows)


def build_cancellations(
    session: Session,
    tenant_id: str,
    rng: random.Random,
    orders: list[OrderStub],
    snapshot: date,
    *,
    spike: bool,
) -> tuple[int, int]:
    """Background cancellations (about 1 a day) and, for the current edition, one spike.

    Returns (cancelled orders, refunds). Cancelled orders are refunded in full; a few
    paid orders get partial refunds. The anchor orders are never touched.
    """
    protected = {anchors.ORDER_ABOVE_REFUND_THRESHOLD, anchors.ORDER_BELOW_REFUND_THRESHOLD}
    candidates = [o for o in orders if o.number not in protected]
    last_day = min(snapshot - timedelta(days=1), max(o.placed_at for o in orders).date())
    cancelled: dict[int, tuple[datetime, Decimal]] = {}
    for order_id, _n, amount, placed, _q in candidates:
        if rng.random() < 0.022:
            days_after = rng.randint(1, 25)
            at = placed + timedelta(days=days_after, hours=rng.randint(0, 6))
            if at.date() <= last_day:
                cancelled[order_id] = (at, amount)
    if spike:
        spike_day = snapshot - timedelta(days=anchors.CANCELLATION_SPIKE_DAYS_AGO)
        eligible = [
            o for o in candidates if o.placed_at.date() < spike_day and o.id not in cancelled
        ]
        for order_id, _n, amount, _placed, _q in rng.sample(eligible, k=46):
            at = datetime.combine(
                spike_day, time(rng.randint(8, 20), rng.randint(0, 59)), tzinfo=UTC
            )
            cancelled[order_id] = (at, amount)
    refunds = []
    for order_id, (at, amount) in cancelled.items():
        session.execute(
            update(Order).where(Order.id == order_id).values(status="cancelled", cancelled_at=at)
        )
        refunds.append(
            {
                "tenant_id": tenant_id,
                "order_id": order_id,
                "amount": amount,
                "reason": "Order cancelled by buyer",
                "status": "processed",
                "requested_at": at,
                "processed_at": at,
            }
        )
    partial = [o for o in candidates if o.id not in cancelled and rng.random() < 0.006]
    for order_id, _n, amount, placed, _q in partial:
        at = placed + timedelta(days=rng.randint(2, 20))
        if at.date() > last_day:
            continue
        session.execute(
            update(Order).where(Order.id == order_id).values(status="partially_refunded")
        )
        refunds.append(
            {
                "tenant_id": tenant_id,
                "order_id": order_id,
                "amount": (amount / 2).quantize(Decimal("0.01")),
                "reason": "Partial refund: one attendee cannot travel",
                "status": "processed",
                "requested_at": at,
                "processed_at": at,
            }
        )
    if refunds:
        session.execute(insert(Refund), refunds)
    return len(cancelled), len(refunds)


def build_traffic(
    session: Session,
    tenant_id: str,
    nprng: np.random.Generator,
    event: Event,
    daily_orders: dict[date, int],
    last_day: date,
) -> int:
    """Site sessions and checkout starts that track orders, with weekday noise."""
    rows = []
    day = event.sales_open_on
    while day <= last_day:
        orders = daily_orders.get(day, 0)
        sessions = int(orders * nprng.uniform(22, 30) + nprng.normal(400, 60))
        rows.append(
            {
                "tenant_id": tenant_id,
                "event_id": event.id,
                "day": day,
                "sessions": max(sessions, 50),
                "page_views": int(max(sessions, 50) * nprng.uniform(2.4, 3.2)),
                "checkout_starts": int(orders * nprng.uniform(1.9, 2.6)),
            }
        )
        day += timedelta(days=1)
    session.execute(insert(TrafficDaily), rows)
    return len(rows)
