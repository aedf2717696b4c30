"""Approval policy as code: allow, require_approval or deny, with human-readable reasons.

``decide(scope, agent=, tool=, effect=, args=, context=, mode=)`` reads the facts an
action touches from the database (refund amount, deal value and stage, pricing,
recipient opt-out and bounces, follow-ups and today's sends, overdue deliverables,
ticket pace, budget overruns, vendor cancellations), screens untrusted request text for
escalation signals, and applies the seeds' rules with the tenant's agent configuration
(autonomy mode, auto-approve, caps). No model is involved.
"""

from domain.policy.decision import Outcome, PolicyDecision, Reason
from domain.policy.engine import EFFECTS, decide, evaluate
from domain.policy.rules import APPROVAL_RULES, DENY_RULES, RULE_IDS
from domain.policy.settings import AGENTS, MODES, PolicySettings, load_settings

__all__ = [
    "AGENTS",
    "APPROVAL_RULES",
    "DENY_RULES",
    "EFFECTS",
    "MODES",
    "RULE_IDS",
    "Outcome",
    "PolicyDecision",
    "PolicySettings",
    "Reason",
    "decide",
    "evaluate",
    "load_settings",
]
