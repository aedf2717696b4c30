"""The seeds' escalation rules: what a human must see whatever the autonomy mode."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from domain.policy.decision import Reason
from domain.policy.limits import CLOSED_STAGES, DEAL_LIMIT, REFUND_LIMIT
from domain.policy.settings import PolicySettings
from domain.policy.wording import dollars, joined, phrase, term

SENSITIVE_SIGNALS = ("safety", "security", "legal")
LIMIT = dollars(REFUND_LIMIT)


def refund_over_limit(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """A refund above $500.00 (exactly $500.00 is not above), or a request asking for one."""
    amount: Decimal | None = facts.get("refund_amount")
    if amount is not None and amount > REFUND_LIMIT:
        return Reason.worded("refund_over_limit", amount=dollars(amount), limit=LIMIT)
    asked: Decimal | None = facts.get("requested_refund")
    if asked is not None and asked > REFUND_LIMIT:
        return Reason.worded(
            "refund_over_limit", "refund_over_limit_asked", amount=dollars(asked), limit=LIMIT
        )
    if "refund_over_limit" in facts.get("signals", ()):
        return Reason.worded("refund_over_limit", "refund_over_limit_signal", limit=LIMIT)
    return None


def deal_over_limit(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """A deal worth more than $50,000.00, now or after any change on its way.

    The values looked at: the deal's value, the value this action sets, and values that
    approved, not yet run ``update_crm`` actions (or earlier ones in this run) will set
    on the same deal.
    """
    values: list[tuple[Decimal, dict[str, Any]]] = []
    if facts.get("deal_value") is not None:
        values.append((facts["deal_value"], phrase("deal_value")))
    if facts.get("new_deal_value") is not None:
        values.append((facts["new_deal_value"], phrase("new_deal_value")))
    for item in facts.get("deal_values_in_flight", ()):
        values.append((item["value"], phrase("deal_value_in_flight", source=item["from"])))
    if not values:
        return None
    value, which = max(values, key=lambda pair: pair[0])
    if value <= DEAL_LIMIT:
        return None
    return Reason.worded(
        "deal_over_limit", which=which, value=dollars(value), limit=dollars(DEAL_LIMIT)
    )


def pricing_customisation(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """A price or terms beyond the defined sponsorship packages."""
    pricing = facts.get("pricing") or {}
    if not pricing.get("customised"):
        return None
    return Reason.worded(
        "pricing_customisation",
        package=pricing["package"],
        customisations="; ".join(pricing["customisations"]),
    )


def legal_review(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """The request or the action mentions legal review, contract terms or redlines."""
    terms = facts.get("legal_review_terms") or []
    if terms:
        quoted = ", ".join(f"'{t}'" for t in terms)
        return Reason.worded("legal_review", terms=quoted)
    if "legal_review" in facts.get("signals", ()):
        return Reason.worded("legal_review", "legal_review_signal")
    return None


def sensitive_topic(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """Safety, security or legal questions go to a human."""
    topics = [s for s in SENSITIVE_SIGNALS if s in facts.get("signals", ())]
    if not topics:
        return None
    return Reason.worded("sensitive_topic", topics=joined(" / ", [term(t) for t in topics]))


def upset_attendee(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """An upset or frustrated attendee is handled by a person."""
    if "upset_attendee" not in facts.get("signals", ()):
        return None
    return Reason.worded("upset_attendee")


def stage_past_negotiation(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """Closing a deal (won or lost) is a human's call."""
    target = facts.get("target_stage")
    if target not in CLOSED_STAGES:
        return None
    current = facts.get("deal_stage") or term("current_stage")
    return Reason.worded("stage_past_negotiation", current=current, target=target)


def max_followups_reached(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """After the maximum follow-ups go unanswered, a human takes over (seed 001)."""
    unanswered = facts.get("followups_unanswered")
    if unanswered is None or unanswered < settings.max_followups:
        return None
    who = (facts.get("recipient") or {}).get("email")
    values = {"unanswered": unanswered, "maximum": settings.max_followups}
    if not who:
        return Reason.worded("max_followups_reached", "max_followups_reached_anonymous", **values)
    return Reason.worded("max_followups_reached", who=who, **values)
