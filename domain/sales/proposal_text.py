"""Filling the proposal template (``prompts/proposal.md``) from records."""

from __future__ import annotations

import re
from decimal import Decimal
from string import Template

from domain.models import Company, Contact, Event, Sponsor, SponsorshipPackage
from domain.research.accounts import signals_of


def template_sections(text: str) -> dict[str, str]:
    """Split a template file into its ``## name`` blocks (text before the first is a header)."""
    parts = re.split(r"^## +(\w+)[ \t]*$", text, flags=re.MULTILINE)
    return {name: body.strip("\n") for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def _dates(event: Event) -> str:
    if event.starts_on == event.ends_on:
        return f"{event.starts_on:%d %B %Y}"
    return f"{event.starts_on:%d}–{event.ends_on:%d %B %Y}"


def proposal_fields(
    *,
    event: Event,
    company: Company,
    contact: Contact | None,
    package: SponsorshipPackage,
    amount: Decimal,
    discount_pct: Decimal,
    custom_terms: str | None,
    past_sponsorship: Sponsor | None,
    past_event_name: str | None,
) -> dict[str, str]:
    """Every placeholder of the proposal template, personalised from the records."""
    signals = signals_of(company)
    context = company.description.strip()
    if signals:
        context += f" Most recently: {signals[0].detail.rstrip('.')}."
    industries = ", ".join(str(i) for i in event.audience_industries or [])
    history = ""
    if past_sponsorship is not None and past_event_name:
        history = f" Thank you again for sponsoring {past_event_name}; this builds on it."
    if discount_pct:
        price = f"${amount:,.2f} (list price ${package.price:,.2f}, {discount_pct:g}% discount)."
    else:
        price = f"${amount:,.2f}."
    return {
        "greeting": f"Dear {contact.first_name}," if contact else f"Hello {company.name} team,",
        "event_name": event.name,
        "event_city": event.city,
        "event_dates": _dates(event),
        "capacity": f"{event.capacity:,}",
        "audience_line": f" from {industries}" if industries else "",
        "topics": ", ".join(str(t) for t in event.topics or []) or "the event's themes",
        "company": company.name,
        "company_context": context,
        "history_line": history,
        "package_name": package.name,
        "benefits": "\n".join(f"- {b}" for b in package.benefits or []) or "- Brand presence",
        "price_line": price,
        "terms_line": f"\n**Terms.** {custom_terms}\n" if custom_terms else "",
    }


def render(template: str, fields: dict[str, str]) -> str:
    """Substitute the fields; a placeholder the fields lack is a template bug (KeyError)."""
    return Template(template).substitute(fields)
