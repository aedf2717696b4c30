"""The policy again at the moment of acting: decide and act as one step per limit subject.

The review decides when a run proposes its actions; the action runs later, in another
transaction, and other runs may have acted in between (see ``domain.policy.limit_locks``).
So the executor, holding the subject's lock in the transaction that acts, asks the
policy again with what others have committed by then, and acts only if the answer is
not stricter than what authorised the action:

- an action the policy **allowed** runs only if it is still allowed. If it now needs a
  human it goes to approval instead of running; if it is now denied it does not run.
- an action a **human approved** (or edited) is checked against the deny rules only
  (the hard caps: the refundable remainder, the daily outreach cap, opt-outs,
  suppression...). The approval rules asked for a human and a human said yes, so a
  reason for one more human is not asked again; a deny rule still stops it.

The action's own approval is not counted as in flight (``replacing``). An action whose
outbox row is already recorded is a replay: it is not judged again (its own refund or
email would count against itself); the outbox returns the first result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from domain.errors import DomainError
from domain.policy.decision import Outcome, PolicyDecision
from domain.policy.engine import decide
from domain.policy.limit_locks import hold_limit_lock
from domain.policy.rules import DENY_RULES
from domain.scope import Scope

Verdict = Literal["run", "needs_approval", "deny"]


@dataclass(frozen=True)
class ExecutionCheck:
    """What the executor may do now, and the decision that says so.

    Attributes:
        verdict: ``run``, ``needs_approval`` (allowed before, a human must approve now)
            or ``deny``.
        decision: the policy's decision at execution time (None when it could not be
            made: the tool then fails with its own sentence).
        lock: the limit lock held until the transaction ends.
    """

    verdict: Verdict
    decision: PolicyDecision | None
    lock: str

    def reasons(self, *, deny_only: bool = False) -> list[dict[str, Any]]:
        """The decision's reasons as ``{"rule", "message"}``; only deny rules when asked."""
        if self.decision is None:
            return []
        denying = {rule.__name__ for rule in DENY_RULES}
        return [r.as_json() for r in self.decision.reasons if not deny_only or r.rule in denying]


def check_at_execution(
    scope: Scope,
    *,
    agent: str,
    tool: str,
    effect: str,
    args: Mapping[str, Any],
    human_approved: bool,
    action: tuple[str, str],
) -> ExecutionCheck:
    """Take the action's limit lock, then decide again with what others committed.

    Args:
        scope: the executing transaction (the lock lasts as long as it does).
        agent: the department acting.
        tool: the tool name.
        effect: the tool's declared effect.
        args: the arguments it will run with.
        human_approved: a human approved or edited it (only deny rules apply then).
        action: ``(thread_id, action_id)``: its own approval is not counted in flight.
    """
    lock = hold_limit_lock(scope, tool=tool, agent=agent, args=args)
    try:
        decision = decide(
            scope, agent=agent, tool=tool, effect=effect, args=dict(args), replacing=action
        )
    except DomainError:
        return ExecutionCheck("run", None, lock)  # the tool refuses it with its own sentence
    if decision.outcome == Outcome.DENY:
        return ExecutionCheck("deny", decision, lock)
    if decision.outcome == Outcome.REQUIRE_APPROVAL and not human_approved:
        return ExecutionCheck("needs_approval", decision, lock)
    return ExecutionCheck("run", decision, lock)
