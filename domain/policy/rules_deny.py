"""Rules that forbid an action outright, whatever the mode."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from domain.policy.decision import Reason
from domain.policy.limits import money
from domain.policy.settings import PolicySettings

OUTREACH_TOOLS = frozenset({"send_email", "schedule_meeting"})
"""Actions that count against, and are stopped by, the daily outreach cap."""


def agent_disabled(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """A disabled agent may read but not draft or act."""
    if settings.enabled or facts["effect"] == "read":
        return None
    return Reason(
        "agent_disabled",
        f"The {settings.agent} agent is disabled for this tenant: it may read but not act",
    )


def opted_out_contact(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """Never contact someone who opted out."""
    recipient = facts.get("recipient") or {}
    if not recipient.get("opted_out"):
        return None
    return Reason(
        "opted_out_contact",
        f"{recipient['email']} opted out of outreach; sending to an opted-out contact "
        "is not allowed",
    )


def bounced_address(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """Never send to an address known to bounce."""
    recipient = facts.get("recipient") or {}
    if recipient.get("email_status") != "bounced":
        return None
    return Reason(
        "bounced_address",
        f"{recipient['email']} has bounced before; do not send to a bounced address",
    )


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
    more = f" and {in_flight} more approved and not sent yet" if in_flight else ""
    return Reason(
        "daily_outreach_cap",
        f"The {settings.agent} agent already sent {sent} emails today{more}; the daily "
        f"outreach cap is {cap}",
    )


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
    pending = f" once {money(in_flight)} already approved is refunded" if in_flight else ""
    return Reason(
        "refund_exceeds_refundable",
        f"Refund of {money(amount)} exceeds the {money(remaining)} still refundable on "
        f"{facts['order_number']}{pending} (the event's {facts['refund_rule']} refund rule)",
    )


def suppressed_recipient(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """Never contact someone whose data was erased at their request (the suppression list)."""
    recipient = facts.get("recipient") or {}
    if not recipient.get("suppressed"):
        return None
    return Reason(
        "suppressed_recipient",
        "this address belongs to a person erased at their request and is on the "
        "do-not-contact list; it may not be contacted again",
    )


def missing_postal_address(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """CAN-SPAM: no commercial email without the sender's postal address in it."""
    sender = facts.get("sender")
    if sender is None or sender.get("postal_address_configured"):
        return None
    return Reason(
        "missing_postal_address",
        "the tenant has no postal address configured; CAN-SPAM requires the sender's "
        "physical postal address in every commercial email",
    )
