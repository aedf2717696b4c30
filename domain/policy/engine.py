"""``decide``: gather the facts, run the rules, return allow / require_approval / deny."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from domain.errors import InvalidArgumentError
from domain.policy.decision import Outcome, PolicyDecision, json_ready
from domain.policy.facts import gather_facts
from domain.policy.inflight import Pending
from domain.policy.rules import APPROVAL_RULES, DENY_RULES, fired
from domain.policy.settings import PolicySettings, load_settings
from domain.scope import Scope

EFFECTS = ("read", "draft", "external")
"""Tool effects as ``tools.registry.Effect`` names them (the caller passes the value)."""


def evaluate(facts: Mapping[str, Any], settings: PolicySettings) -> PolicyDecision:
    """The decision for gathered ``facts``: pure, so every rule is testable on plain data.

    Reads are always allowed (even for a disabled agent). Otherwise deny if a deny rule
    fires, else require_approval if an approval rule fires, else allow; the reasons
    list every rule that fired.
    """
    if facts["effect"] == "read":
        return PolicyDecision(Outcome.ALLOW, (), json_ready(facts))
    denials = fired(DENY_RULES, facts, settings)
    approvals = fired(APPROVAL_RULES, facts, settings)
    if denials:
        outcome = Outcome.DENY
    elif approvals:
        outcome = Outcome.REQUIRE_APPROVAL
    else:
        outcome = Outcome.ALLOW
    return PolicyDecision(outcome, (*denials, *approvals), json_ready(facts))


def decide(
    scope: Scope,
    *,
    agent: str,
    tool: str,
    effect: str,
    args: dict[str, Any],
    context: dict[str, Any] | None = None,
    mode: str | None = None,
    earlier: Sequence[Mapping[str, Any]] = (),
    replacing: tuple[str, str] | None = None,
) -> PolicyDecision:
    """May ``agent`` run ``tool`` with ``args`` now, must a human approve it, or is it denied?

    The model never decides this: the outcome follows from the tool's declared effect,
    the seeds' escalation rules on facts read from the database, and the tenant's agent
    configuration. ``context`` is untrusted request-level text (``request_text``,
    ``signals``): it can only add reasons for a human, never remove one.

    Args:
        scope: tenant, session and business day.
        agent: the department agent proposing the action (``sales``...).
        tool: the tool name.
        effect: the tool's declared effect: ``read``, ``draft`` or ``external``.
        args: the tool's arguments (as proposed, JSON values).
        context: request-level facts from the caller, e.g. ``{"request_text": ...}``.
        mode: full_auto, assisted or review_only, replacing the agent's configured mode.
        earlier: actions proposed earlier in the same review (``{"tool", "department",
            "args"}``), not yet run: the cumulative limits count them, so a run cannot
            split a refund or the outreach cap into pieces.
        replacing: ``(thread_id, action_id)`` of the approved action whose arguments this
            call re-checks (an edit): its earlier version is not counted twice.

    Returns:
        The outcome, every reason that fired (rule id and a sentence with the numbers)
        and the facts behind them.

    Raises:
        InvalidArgumentError: unknown agent, effect or mode, or unusable arguments.
        NotFoundError: the arguments name a record the tenant does not have.
    """
    if effect not in EFFECTS:
        raise InvalidArgumentError("effect", f"{effect!r} is not one of {', '.join(EFFECTS)}")
    settings = load_settings(scope, agent, mode)
    facts = gather_facts(
        scope,
        settings=settings,
        tool=tool,
        effect=effect,
        args=args or {},
        context=context,
        pending=Pending(scope, earlier=earlier, excluding=replacing),
    )
    return evaluate(facts, settings)
