"""Facts about a deal: its value and stage, a stage change, and proposal pricing."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select

from domain.errors import InvalidArgumentError
from domain.lookups import get_owned
from domain.models import Opportunity, Proposal, SponsorshipPackage
from domain.policy.arguments import arg_decimal, arg_int, arg_str
from domain.policy.inflight import Pending
from domain.sales.proposals import best_package
from domain.scope import Scope
from domain.support.refund_policy import CENT


def deal_facts(scope: Scope, args: Mapping[str, Any], pending: Pending) -> dict[str, Any]:
    """The deal an action is about (``opportunity_id``, else a proposal's deal), if any.

    For ``update_crm`` also the stage and value it would set, and
    ``deal_values_in_flight``: values that approved, not yet run (or earlier in this
    run) ``update_crm`` actions will set on the same deal. Deal values are absolute, not
    added up, so the $50,000 rule looks at the highest value the deal will carry.

    Raises:
        NotFoundError: unknown opportunity or proposal (names the argument).
    """
    opportunity = _opportunity(scope, args)
    if opportunity is None:
        return {}
    facts: dict[str, Any] = {
        "opportunity_id": opportunity.id,
        "deal_value": opportunity.value,
        "deal_stage": opportunity.stage,
    }
    target = arg_str(args, "stage")
    if target is not None:
        facts["target_stage"] = target
    new_value = arg_decimal(args, "value")
    if new_value is not None:
        facts["new_deal_value"] = new_value
    in_flight = []
    for item in pending.of("update_crm"):
        try:
            same = arg_int(item.args, "opportunity_id") == opportunity.id
            value = arg_decimal(item.args, "value")
        except InvalidArgumentError:
            continue
        if same and value is not None:
            in_flight.append({"value": value, "from": item.label})
    if in_flight:
        facts["deal_values_in_flight"] = in_flight
    return facts


def proposal_pricing(scope: Scope, args: Mapping[str, Any]) -> dict[str, Any]:
    """How ``generate_proposal`` would price the deal, and whether that is a customisation.

    A customisation is a discount, custom terms, or an amount other than the package's
    list price; the package is the one asked for, else the one the tool would pick
    (list price closest to the BANT budget, else the deal value).

    Raises:
        NotFoundError: unknown opportunity or package.
        InvalidArgumentError: the deal's event has no packages.
    """
    opportunity = _opportunity(scope, args)
    if opportunity is None:
        raise InvalidArgumentError("opportunity_id", "is required to price a proposal")
    package = _package(scope, opportunity, arg_int(args, "package_id"))
    discount = arg_decimal(args, "discount_pct") or Decimal(0)
    amount = arg_decimal(args, "amount")
    if amount is None:
        amount = (package.price * (100 - discount) / 100).quantize(CENT, ROUND_HALF_UP)
    return {"pricing": _pricing(package, amount, discount, arg_str(args, "custom_terms"))}


def sent_proposal_pricing(scope: Scope, args: Mapping[str, Any]) -> dict[str, Any]:
    """For an email carrying a proposal (``proposal_id``): whether that proposal is customised."""
    proposal_id = arg_int(args, "proposal_id")
    if proposal_id is None:
        return {}
    proposal = get_owned(scope, Proposal, proposal_id, argument="proposal_id")
    package = get_owned(scope, SponsorshipPackage, proposal.package_id, argument="proposal_id")
    return {
        "pricing": _pricing(package, proposal.amount, proposal.discount_pct, proposal.custom_terms)
    }


def _pricing(
    package: SponsorshipPackage, amount: Decimal, discount: Decimal, terms: str | None
) -> dict[str, Any]:
    why = []
    if discount > 0:
        why.append(f"{discount:g}% discount on the ${package.price:,.2f} list price")
    elif amount != package.price:
        why.append(f"price ${amount:,.2f} instead of the ${package.price:,.2f} list price")
    if terms:
        why.append("custom terms beyond the package")
    return {
        "package_id": package.id,
        "package": package.name,
        "list_price": package.price,
        "amount": amount,
        "discount_pct": discount,
        "custom_terms": bool(terms),
        "customised": bool(why),
        "customisations": why,
    }


def _opportunity(scope: Scope, args: Mapping[str, Any]) -> Opportunity | None:
    opportunity_id = arg_int(args, "opportunity_id")
    if opportunity_id is not None:
        return get_owned(scope, Opportunity, opportunity_id, argument="opportunity_id")
    proposal_id = arg_int(args, "proposal_id")
    if proposal_id is None:
        return None
    proposal = get_owned(scope, Proposal, proposal_id, argument="proposal_id")
    return get_owned(scope, Opportunity, proposal.opportunity_id, argument="proposal_id")


def _package(scope: Scope, opportunity: Opportunity, package_id: int | None) -> SponsorshipPackage:
    if package_id is not None:
        return get_owned(scope, SponsorshipPackage, package_id, argument="package_id")
    packages = scope.session.scalars(
        select(SponsorshipPackage)
        .where(
            SponsorshipPackage.tenant_id == scope.tenant_id,
            SponsorshipPackage.event_id == opportunity.event_id,
        )
        .order_by(SponsorshipPackage.price, SponsorshipPackage.id)
    ).all()
    if not packages:
        raise InvalidArgumentError("opportunity_id", "the deal's event has no sponsorship packages")
    budget = (opportunity.bant or {}).get("budget")
    target = Decimal(str(budget)) if budget else opportunity.value
    return best_package(packages, target)
