"""Gathering the facts a proposed action is judged on, from the database and its arguments."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from domain.commercial_email import sender_postal_address
from domain.policy.facts_ops import escalation_facts, reminder_facts
from domain.policy.facts_outreach import recipient_facts
from domain.policy.facts_sales import deal_facts, proposal_pricing, sent_proposal_pricing
from domain.policy.facts_support import refund_facts
from domain.policy.inflight import Pending
from domain.policy.screening import screen
from domain.policy.settings import PolicySettings
from domain.scope import Scope

Facts = dict[str, Any]
Gatherer = Callable[[Scope, Mapping[str, Any], str, Pending], Facts]


def _args_only(gather: Callable[[Scope, Mapping[str, Any]], Facts]) -> Gatherer:
    return lambda scope, args, _agent, _pending: gather(scope, args)


def sender_facts(scope: Scope, args: Mapping[str, Any]) -> Facts:
    """Whether the tenant can send commercial email (CAN-SPAM postal address)."""
    return {"sender": {"postal_address_configured": sender_postal_address(scope) is not None}}


GATHERERS: dict[str, tuple[Gatherer, ...]] = {
    "process_refund": (lambda scope, args, _agent, pending: refund_facts(scope, args, pending),),
    "generate_proposal": (_args_only(proposal_pricing),),
    "send_email": (
        recipient_facts,
        _args_only(sent_proposal_pricing),
        _args_only(sender_facts),
    ),
    "send_email_campaign": (_args_only(sender_facts),),
    "schedule_meeting": (recipient_facts,),
    "send_reminder": (_args_only(reminder_facts),),
    "escalate_issue": (_args_only(escalation_facts),),
}
"""Tool-specific facts; deal facts come with any action naming an opportunity or proposal."""


def gather_facts(
    scope: Scope,
    *,
    settings: PolicySettings,
    tool: str,
    effect: str,
    args: Mapping[str, Any],
    context: Mapping[str, Any] | None,
    pending: Pending | None = None,
) -> Facts:
    """Everything the rules need about one proposed action.

    Reads need no facts beyond who acts and how. Other actions get the text screening
    (see ``domain.policy.screening``), the deal when the arguments name one, and the
    tool's own facts (refund amount, pricing, recipient, deliverables...). ``pending``
    says what is already on its way (approved, or earlier in this run): the cumulative
    limits add it up (see ``domain.policy.inflight``).

    Raises:
        NotFoundError / InvalidArgumentError: the arguments name a record the tenant
            does not have, or miss one the check needs (the argument is named).
    """
    facts: Facts = {
        "agent": settings.agent,
        "tool": tool,
        "effect": effect,
        "settings": settings.as_facts(),
    }
    if effect == "read":
        return facts
    facts.update(screen(agent=settings.agent, tool=tool, args=args, context=context))
    pending = pending if pending is not None else Pending(scope)
    facts.update(deal_facts(scope, args, pending))
    for gather in GATHERERS.get(tool, ()):
        facts.update(gather(scope, args, settings.agent, pending))
    return facts
