"""The facts marketing copy quotes: dates, city, topics, prices, days left, early-bird status."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from domain.models import Campaign, Event, Order, TicketType
from domain.scope import Scope

EARLY_BIRD_RECENT_DAYS = 7
"""Early-bird counts as on sale when it sold within this many days and has quota left."""
SELLING_STATUSES = ("paid", "partially_refunded")
DEFAULT_AUDIENCE = "data and AI leaders"
SENIORITY_WORDS = {
    "c_level": "C-level",
    "vp": "VP",
    "director": "director",
    "manager": "manager",
    "ic": "practitioner",
}


def event_facts(scope: Scope, event: Event, audience: str) -> dict[str, str]:
    """Placeholder values for ``domain.marketing.templates`` from the event's data."""
    types = list(
        scope.session.scalars(
            select(TicketType)
            .where(TicketType.tenant_id == scope.tenant_id, TicketType.event_id == event.id)
            .order_by(TicketType.price)
        )
    )
    prices = {t.name.lower(): t.price for t in types}
    standard = prices.get("standard", types[-1].price if types else Decimal(0))
    early = next((t for t in types if "early" in t.name.lower()), None)
    early_left = _early_bird_left(scope, early) if early else None
    if early is not None and early_left:
        early_bird = (
            f"Early-bird tickets are {_money(early.price)} ({early_left} left), "
            f"then {_money(standard)}."
        )
        hook, label = f"early-bird tickets at {_money(early.price)}", "the early-bird price"
    else:
        early_bird = f"Early-bird pricing has ended; standard tickets are {_money(standard)}."
        hook, label = f"standard tickets at {_money(standard)}", "your ticket"
    topics = [str(t) for t in event.topics] or ["the programme"]
    sold = scope.session.scalar(
        select(func.coalesce(func.sum(Order.quantity), 0)).where(
            Order.tenant_id == scope.tenant_id,
            Order.event_id == event.id,
            Order.status.in_(SELLING_STATUSES),
        )
    )
    return {
        "event_name": event.name,
        "event_dates": _date_range(event),
        "city": event.city,
        "venue": event.venue,
        "topics": _join(topics[:3]),
        "top_topic": topics[0],
        "days_left": str(max((event.starts_on - scope.today).days, 0)),
        "seats_left": f"{max(event.capacity - int(sold or 0), 0):,}",
        "price_from": _money(types[0].price) if types else "",
        "standard_price": _money(standard),
        "vip_price": _money(prices.get("vip", standard)),
        "early_bird": early_bird,
        "pricing_hook": hook,
        "pricing_label": label,
        "audience": audience,
    }


def audience_phrase(campaign: Campaign | None, given: str | None) -> str:
    """Who the copy speaks to: the given phrase, else the campaign's audience rules
    (seniority, industries), else "data and AI leaders"."""
    if given:
        return given
    spec: dict[str, Any] = campaign.audience if campaign is not None else {}
    seniority = [SENIORITY_WORDS.get(str(s), str(s)) for s in spec.get("seniority", [])]
    industries = [str(i) for i in spec.get("industries", spec.get("industry", []))]
    who = f"{_join(seniority[:2])}-level leaders" if seniority else DEFAULT_AUDIENCE
    return f"{who} in {_join(industries[:2])}" if industries else who


def _early_bird_left(scope: Scope, early: TicketType) -> int:
    """Early-bird seats left, or 0 when none sold recently (the window has closed)."""
    sold_query = select(func.coalesce(func.sum(Order.quantity), 0)).where(
        Order.tenant_id == scope.tenant_id,
        Order.ticket_type_id == early.id,
        Order.status.in_(SELLING_STATUSES),
    )
    since = scope.now - timedelta(days=EARLY_BIRD_RECENT_DAYS)
    recent = scope.session.scalar(sold_query.where(Order.placed_at >= since)) or 0
    if not recent:
        return 0
    sold = scope.session.scalar(sold_query) or 0
    return max(early.quota - int(sold), 0)


def _date_range(event: Event) -> str:
    start, end = event.starts_on, event.ends_on
    if start == end:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"


def _money(amount: Decimal) -> str:
    return f"${amount:,.0f}" if amount == amount.to_integral() else f"${amount:,.2f}"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
