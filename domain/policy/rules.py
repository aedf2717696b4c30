"""The rule book: every rule is a small function of (facts, settings) returning a Reason or None.

Deny rules are checked first; the decision is deny if any fires, else require_approval if
any approval rule fires, else allow. Reasons keep this order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from domain.policy.decision import Reason
from domain.policy.rules_cumulative import (
    customer_daily_refunds_over_limit,
    order_refunds_over_limit,
)
from domain.policy.rules_deny import (
    agent_disabled,
    bounced_address,
    daily_outreach_cap,
    missing_postal_address,
    opted_out_contact,
    refund_exceeds_refundable,
    suppressed_recipient,
)
from domain.policy.rules_escalation import (
    deal_over_limit,
    legal_review,
    max_followups_reached,
    pricing_customisation,
    refund_over_limit,
    sensitive_topic,
    stage_past_negotiation,
    upset_attendee,
)
from domain.policy.rules_mode import external_default, review_only
from domain.policy.rules_ops import ops_critical
from domain.policy.settings import PolicySettings

Rule = Callable[[Mapping[str, Any], PolicySettings], Reason | None]

DENY_RULES: tuple[Rule, ...] = (
    agent_disabled,
    opted_out_contact,
    suppressed_recipient,
    bounced_address,
    daily_outreach_cap,
    refund_exceeds_refundable,
    missing_postal_address,
)

APPROVAL_RULES: tuple[Rule, ...] = (
    refund_over_limit,
    order_refunds_over_limit,
    customer_daily_refunds_over_limit,
    deal_over_limit,
    pricing_customisation,
    legal_review,
    sensitive_topic,
    upset_attendee,
    stage_past_negotiation,
    ops_critical,
    max_followups_reached,
    external_default,
    review_only,
)

RULE_IDS: tuple[str, ...] = tuple(rule.__name__ for rule in (*DENY_RULES, *APPROVAL_RULES))
"""Every rule id, as it appears in ``Reason.rule``."""


def fired(
    rules: tuple[Rule, ...], facts: Mapping[str, Any], settings: PolicySettings
) -> list[Reason]:
    """The reasons of the ``rules`` that fire, in order."""
    return [reason for rule in rules if (reason := rule(facts, settings)) is not None]
