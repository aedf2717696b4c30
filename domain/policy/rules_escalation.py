"""The seeds' escalation rules: what a human must see whatever the autonomy mode."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from domain.policy.decision import Reason
from domain.policy.limits import CLOSED_STAGES, DEAL_LIMIT, REFUND_LIMIT, money
from domain.policy.settings import PolicySettings

SENSITIVE_SIGNALS = ("safety", "security", "legal")
LIMIT = money(REFUND_LIMIT)


def refund_over_limit(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """A refund above $500.00 (exactly $500.00 is not above), or a request asking for one."""
    amount: Decimal | None = facts.get("refund_amount")
    if amount is not None and amount > REFUND_LIMIT:
        return Reason(
            "refund_over_limit",
            f"Refund of {money(amount)} is above the {LIMIT} limit",
        )
    asked: Decimal | None = facts.get("requested_refund")
    if asked is not None and asked > REFUND_LIMIT:
        return Reason(
            "refund_over_limit",
            f"The request asks for a refund of {money(asked)}, above the {LIMIT} limit",
        )
    if "refund_over_limit" in facts.get("signals", ()):
        return Reason(
            "refund_over_limit",
            f"The request involves a refund above the {LIMIT} limit",
        )
    return None


def deal_over_limit(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """A deal worth more than $50,000.00, now or after any change on its way.

    The values looked at: the deal's value, the value this action sets, and values that
    approved, not yet run ``update_crm`` actions (or earlier ones in this run) will set
    on the same deal.
    """
    values: list[tuple[Decimal, str]] = []
    if facts.get("deal_value") is not None:
        values.append((facts["deal_value"], "Deal value"))
    if facts.get("new_deal_value") is not None:
        values.append((facts["new_deal_value"], "New deal value"))
    for item in facts.get("deal_values_in_flight", ()):
        values.append((item["value"], f"Deal value set by {item['from']} (not yet run)"))
    if not values:
        return None
    value, which = max(values, key=lambda pair: pair[0])
    if value <= DEAL_LIMIT:
        return None
    return Reason(
        "deal_over_limit", f"{which} of {money(value)} is above the {money(DEAL_LIMIT)} limit"
    )


def pricing_customisation(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """A price or terms beyond the defined sponsorship packages."""
    pricing = facts.get("pricing") or {}
    if not pricing.get("customised"):
        return None
    return Reason(
        "pricing_customisation",
        f"Pricing is customised beyond the {pricing['package']} package: "
        + "; ".join(pricing["customisations"]),
    )


def legal_review(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """The request or the action mentions legal review, contract terms or redlines."""
    terms = facts.get("legal_review_terms") or []
    if terms:
        quoted = ", ".join(f"'{t}'" for t in terms)
        return Reason("legal_review", f"Legal review of contract terms is requested ({quoted})")
    if "legal_review" in facts.get("signals", ()):
        return Reason("legal_review", "The request asks for legal review of contract terms")
    return None


def sensitive_topic(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """Safety, security or legal questions go to a human."""
    topics = [s for s in SENSITIVE_SIGNALS if s in facts.get("signals", ())]
    if not topics:
        return None
    return Reason(
        "sensitive_topic", f"The request raises a {' / '.join(topics)} question; a human answers it"
    )


def upset_attendee(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """An upset or frustrated attendee is handled by a person."""
    if "upset_attendee" not in facts.get("signals", ()):
        return None
    return Reason("upset_attendee", "The attendee sounds upset or frustrated; a human responds")


def stage_past_negotiation(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """Closing a deal (won or lost) is a human's call."""
    target = facts.get("target_stage")
    if target not in CLOSED_STAGES:
        return None
    current = facts.get("deal_stage", "its current stage")
    return Reason(
        "stage_past_negotiation",
        f"Moving the deal from {current} to {target} is a stage change past negotiation",
    )


def max_followups_reached(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """After the maximum follow-ups go unanswered, a human takes over (seed 001)."""
    unanswered = facts.get("followups_unanswered")
    if unanswered is None or unanswered < settings.max_followups:
        return None
    who = (facts.get("recipient") or {}).get("email") or "The contact"
    return Reason(
        "max_followups_reached",
        f"{who} has had {unanswered} follow-ups without a reply (the maximum is "
        f"{settings.max_followups}); escalate to a human instead",
    )
