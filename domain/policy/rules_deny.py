"""Rules that forbid an action outright, whatever the mode."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from domain.policy.decision import Reason
from domain.policy.settings import PolicySettings
from domain.policy.wording import dollars, term

OUTREACH_TOOLS = frozenset({"send_email", "schedule_meeting"})
"""Actions that count against, and are stopped by, the daily outreach cap."""


def agent_disabled(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """A disabled agent may read but not draft or act."""
    if settings.enabled or facts["effect"] == "read":
        return None
    return Reason.worded("agent_disabled", agent=settings.agent)


def opted_out_contact(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """Never contact someone who opted out."""
    recipient = facts.get("recipient") or {}
    if not recipient.get("opted_out"):
        return None
    return Reason.worded("opted_out_contact", email=recipient["email"])


def bounced_address(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """Never send to an address known to bounce."""
    recipient = facts.get("recipient") or {}
    if recipient.get("email_status") != "bounced":
        return None
    return Reason.worded("bounced_address", email=recipient["email"])


def daily_outreach_cap(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """No outreach once the agent's emails today reach its daily cap (this one would exceed it).

    Today's emails are the ones sent plus the ones approved (or proposed earlier in this
    run) and not sent yet, so a cap cannot be split across runs or approvals.
    """
    if facts["tool"] not in OUTREACH_TOOLS or "sent_today" not in facts:
        return None
    sent, cap = int(facts["sent_today"]), settings.max_daily_outreach
    in_flight = int(facts.get("outreach_in_flight", 0))
    if sent + in_flight < cap:
        return None
    values = {"agent": settings.agent, "sent": sent, "cap": cap}
    if in_flight:
        return Reason.worded(
            "daily_outreach_cap", "daily_outreach_cap_in_flight", in_flight=in_flight, **values
        )
    return Reason.worded("daily_outreach_cap", **values)


def refund_exceeds_refundable(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """A refund may not return more than the order's refundable remainder.

    The remainder is what the event's refund policy still allows on the order, less the
    refunds on it that are approved and not yet run. Checked on the agent's proposal and
    on a reviewer's edit alike, so $999,999.00 is refused when it is decided.
    """
    amount: Decimal | None = facts.get("refund_amount")
    remaining: Decimal | None = facts.get("refundable_remaining")
    if amount is None or remaining is None or amount <= remaining:
        return None
    in_flight = facts.get("order_refunds_in_flight") or Decimal(0)
    values = {
        "amount": dollars(amount),
        "remaining": dollars(remaining),
        "order": facts["order_number"],
        "rule": term(str(facts["refund_rule"])),
    }
    if in_flight:
        return Reason.worded(
            "refund_exceeds_refundable",
            "refund_exceeds_refundable_in_flight",
            in_flight=dollars(in_flight),
            **values,
        )
    return Reason.worded("refund_exceeds_refundable", **values)


def suppressed_recipient(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """Never contact someone whose data was erased at their request (the suppression list)."""
    recipient = facts.get("recipient") or {}
    if not recipient.get("suppressed"):
        return None
    return Reason.worded("suppressed_recipient")


def missing_postal_address(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """CAN-SPAM: no commercial email without the sender's postal address in it."""
    sender = facts.get("sender")
    if sender is None or sender.get("postal_address_configured"):
        return None
    return Reason.worded("missing_postal_address")
