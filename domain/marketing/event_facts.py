"""The facts marketing copy quotes: dates, city, topics, prices, days left, early-bird status."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from domain.language import Language
from domain.marketing.copy_language import SENIORITY_WORDS, date_range, join, phrase
from domain.models import Campaign, Event, Order, TicketType
from domain.number_format import money, number
from domain.scope import Scope

EARLY_BIRD_RECENT_DAYS = 7
"""Early-bird counts as on sale when it sold within this many days and has quota left."""
SELLING_STATUSES = ("paid", "partially_refunded")


def event_facts(
    scope: Scope, event: Event, audience: str, language: Language = "en"
) -> dict[str, str]:
    """Placeholder values for ``domain.marketing.templates`` from the event's data, the
    words around the facts in ``language`` (``copy_language``)."""
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
    amounts = {"standard": money(standard, language)}  # cents only when a price has them
    if early is not None and early_left:
        amounts |= {"early": money(early.price, language), "left": str(early_left)}
        on = "on"
    else:
        on = "off"
    early_bird = phrase(language, f"early_{on}", **amounts)
    hook, label = phrase(language, f"hook_{on}", **amounts), phrase(language, f"label_{on}")
    topics = [str(t) for t in event.topics] or [phrase(language, "programme")]
    sold = scope.session.scalar(
        select(func.coalesce(func.sum(Order.quantity), 0)).where(
            Order.tenant_id == scope.tenant_id,
            Order.event_id == event.id,
            Order.status.in_(SELLING_STATUSES),
        )
    )
    return {
        "event_name": event.name,
        "event_dates": date_range(event.starts_on, event.ends_on, language),
        "city": event.city,
        "venue": event.venue,
        "topics": join(topics[:3], language),
        "top_topic": topics[0],
        "days_left": str(max((event.starts_on - scope.today).days, 0)),
        "seats_left": number(max(event.capacity - int(sold or 0), 0), language),
        "price_from": money(types[0].price, language) if types else "",
        "standard_price": money(standard, language),
        "vip_price": money(prices.get("vip", standard), language),
        "early_bird": early_bird,
        "pricing_hook": hook,
        "pricing_label": label,
        "audience": audience,
    }


def audience_phrase(campaign: Campaign | None, given: str | None, language: Language = "en") -> str:
    """Who the copy speaks to: the given phrase, else the campaign's audience rules
    (seniority, industries), else "data and AI leaders" (in ``language``)."""
    if given:
        return given
    spec: dict[str, Any] = campaign.audience if campaign is not None else {}
    words = SENIORITY_WORDS.get(language, SENIORITY_WORDS["en"])
    seniority = [words.get(str(s), str(s)) for s in spec.get("seniority", [])]
    industries = [str(i) for i in spec.get("industries", spec.get("industry", []))]
    who = (
        phrase(language, "seniority_audience", seniority=join(seniority[:2], language))
        if seniority
        else phrase(language, "audience")
    )
    if not industries:
        return who
    return phrase(language, "in_industries", who=who, industries=join(industries[:2], language))


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
