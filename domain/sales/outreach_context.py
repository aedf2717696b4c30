"""The facts an outreach email quotes: the event, the sender and a hook for the company."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from domain.lookups import get_owned, resolve_event
from domain.models import Company, Event, Tenant
from domain.research.accounts import signals_of
from domain.scope import Scope

HOOK_SIGNAL_DAYS = 180
"""A buying signal is news worth opening with for this many days."""


def event_dates(event: Event) -> str:
    """'13–14 October 2026' style date range."""
    start, end = event.starts_on, event.ends_on
    if start == end:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"


def event_context(scope: Scope, event_id: int | None) -> dict[str, Any]:
    """Event name, dates, city and top topics, plus the tenant's name as the sender."""
    event = resolve_event(scope, event_id)
    tenant = scope.session.get(Tenant, scope.tenant_id)
    topics = [str(t) for t in (event.topics or [])][:3]
    return {
        "event_id": event.id,
        "event_name": event.name,
        "event_dates": event_dates(event),
        "event_starts_on": event.starts_on.isoformat(),
        "event_city": event.city,
        "event_topics": _join(topics) or "the programme",
        "sender": f"The {tenant.name if tenant else 'events'} partnerships team",
    }


def _join(items: list[str]) -> str:
    return " and ".join(items) if len(items) < 3 else f"{', '.join(items[:-1])} and {items[-1]}"


def company_hook(scope: Scope, company_id: int, reasons: list[str]) -> dict[str, str]:
    """One personal opening line for a company, from what we know about it.

    Preference: a buying signal from the last 180 days, then past sponsorship of our
    events, then the topics it works on, then its industry. ``reasons`` are the fit
    reasons ``search_sponsors`` gave for the company.

    Returns:
        ``{"hook": sentence, "hook_source": "signal" | "history" | "topics" | "industry"}``.
    """
    company = get_owned(scope, Company, company_id, argument="company_id")
    recent = scope.today - timedelta(days=HOOK_SIGNAL_DAYS)
    for signal in signals_of(company):
        if signal.day is not None and signal.day >= recent and signal.detail:
            detail = signal.detail[0].lower() + signal.detail[1:]
            return {
                "hook": f"I saw the news from {company.name}: {detail} ({signal.day:%B %Y}).",
                "hook_source": "signal",
            }
    for reason in reasons:
        if reason.startswith("sponsored "):
            past = reason.removeprefix("sponsored ").split(" (")[0]
            return {
                "hook": f"Thank you again for sponsoring {past}; "
                f"we would love to have {company.name} back.",
                "hook_source": "history",
            }
    for reason in reasons:
        if reason.startswith("works on event topics: "):
            topics = reason.removeprefix("works on event topics: ")
            return {
                "hook": f"{company.name}'s work on {topics} is exactly what our audience "
                "comes to hear about.",
                "hook_source": "topics",
            }
    return {
        "hook": f"Our attendees include many {company.industry} buyers, "
        f"a natural audience for {company.name}.",
        "hook_source": "industry",
    }
