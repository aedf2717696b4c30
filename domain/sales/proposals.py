"""generate_proposal: a Proposal row priced from a package, personalised to the account."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select

from domain.errors import InvalidArgumentError
from domain.lookups import get_owned
from domain.models import Company, Contact, Event, Opportunity, Proposal, SponsorshipPackage
from domain.sales.event_fit import load_event_context
from domain.sales.proposal_text import proposal_fields, render, template_sections
from domain.scope import Scope

CENT = Decimal("0.01")


def best_package(packages: Sequence[SponsorshipPackage], target: Decimal) -> SponsorshipPackage:
    """The package whose price is closest to ``target`` (the cheaper one on a tie)."""
    return min(packages, key=lambda p: (abs(p.price - target), p.price, p.id))


def generate_proposal(
    scope: Scope,
    template: str,
    opportunity_id: int,
    package_id: int | None = None,
    discount_pct: Decimal = Decimal(0),
    custom_terms: str | None = None,
) -> dict[str, Any]:
    """Create a draft proposal for an opportunity.

    Args:
        scope: tenant scope.
        template: the text of ``prompts/proposal.md`` (``## title`` and ``## body``).
        opportunity_id: the deal.
        package_id: a package of the deal's event; default the one priced closest to the
            BANT budget, else to the deal value.
        discount_pct: percent off the list price.
        custom_terms: terms beyond the package, for legal/pricing review.

    Returns:
        The proposal with ``customised`` and ``customisation_reasons`` (a discount or
        custom terms make it a customisation the approval policy reviews), and
        ``reused``: an identical draft (same deal, package, price, discount and terms)
        that already exists is returned instead of a second copy, so a repeated
        outreach run does not draft the same proposals again.
    """
    opportunity = get_owned(scope, Opportunity, opportunity_id, argument="opportunity_id")
    event = get_owned(scope, Event, opportunity.event_id, argument="opportunity_id")
    company = get_owned(scope, Company, opportunity.company_id, argument="opportunity_id")
    ctx = load_event_context(scope, event)
    budget = (opportunity.bant or {}).get("budget")
    target = Decimal(str(budget)) if budget else opportunity.value
    if package_id is not None:
        package = get_owned(scope, SponsorshipPackage, package_id, argument="package_id")
        if package.event_id != event.id:
            raise InvalidArgumentError(
                "package_id", f"package {package_id} is not offered for {event.name}"
            )
        choice = "requested package"
    elif ctx.packages:
        package = best_package(ctx.packages, target)
        choice = f"closest list price to {'BANT budget' if budget else 'deal value'} ${target:,.0f}"
    else:
        raise InvalidArgumentError("opportunity_id", f"{event.name} has no sponsorship packages")
    amount = (package.price * (100 - discount_pct) / 100).quantize(CENT, ROUND_HALF_UP)
    reasons = []
    if discount_pct:
        reasons.append(
            f"price ${amount:,.2f} deviates from list price ${package.price:,.2f} "
            f"({discount_pct:g}% discount)"
        )
    if custom_terms:
        reasons.append("custom terms beyond the package")
    contact = (
        scope.session.get(Contact, opportunity.primary_contact_id)
        if opportunity.primary_contact_id
        else None
    )
    fields = proposal_fields(
        event=event,
        company=company,
        contact=contact,
        package=package,
        amount=amount,
        discount_pct=discount_pct,
        custom_terms=custom_terms,
        past_sponsorship=ctx.previous_sponsors.get(company.id),
        past_event_name=ctx.previous_name,
    )
    existing = scope.session.scalars(
        select(Proposal)
        .where(
            Proposal.tenant_id == scope.tenant_id,
            Proposal.opportunity_id == opportunity.id,
            Proposal.package_id == package.id,
            Proposal.amount == amount,
            Proposal.discount_pct == discount_pct,
            Proposal.custom_terms.is_(None)
            if custom_terms is None
            else Proposal.custom_terms == custom_terms,
            Proposal.status == "draft",
        )
        .order_by(Proposal.id)
        .limit(1)
    ).first()
    if existing is not None:
        return _described(existing, opportunity, company, event, package, choice, reasons, True)
    sections = template_sections(template)
    proposal = Proposal(
        tenant_id=scope.tenant_id,
        opportunity_id=opportunity.id,
        package_id=package.id,
        amount=amount,
        discount_pct=discount_pct,
        custom_terms=custom_terms,
        title=render(sections["title"], fields)[:300],
        body=render(sections["body"], fields),
        status="draft",
    )
    scope.session.add(proposal)
    scope.session.flush()
    return _described(proposal, opportunity, company, event, package, choice, reasons, False)


def _described(
    proposal: Proposal,
    opportunity: Opportunity,
    company: Company,
    event: Event,
    package: SponsorshipPackage,
    choice: str,
    reasons: list[str],
    reused: bool,
) -> dict[str, Any]:
    return {
        "proposal_id": proposal.id,
        "opportunity_id": opportunity.id,
        "company": company.name,
        "event": event.name,
        "package": {
            "id": package.id,
            "name": package.name,
            "list_price": package.price,
            "why": choice,
        },
        "amount": proposal.amount,
        "discount_pct": proposal.discount_pct,
        "custom_terms": proposal.custom_terms,
        "customised": bool(reasons),
        "customisation_reason": "; ".join(reasons) or None,
        "status": proposal.status,
        "title": proposal.title,
        "body": proposal.body,
        "reused": reused,
    }
