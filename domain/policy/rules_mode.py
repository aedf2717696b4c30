"""The default approvals that come from the agent's autonomy mode (seed 001)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.models import AutonomyMode
from domain.policy.decision import Reason
from domain.policy.settings import PolicySettings
from domain.policy.wording import term


def external_default(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """In assisted mode every external action needs approval, unless auto-approve is on.

    full_auto lifts this default (escalation rules still apply); review_only has its own,
    stricter rule; auto-approve lifts only this default, never an escalation.
    """
    if facts["effect"] != "external" or settings.mode is not AutonomyMode.ASSISTED:
        return None
    if settings.auto_approve:
        return None
    return Reason.worded("external_default", tool={"tool": facts["tool"]})


def review_only(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """In review_only mode every action that writes or reaches out needs approval."""
    if settings.mode is not AutonomyMode.REVIEW_ONLY or facts["effect"] == "read":
        return None
    return Reason.worded("review_only", agent=settings.agent, effect=term(facts["effect"]))
