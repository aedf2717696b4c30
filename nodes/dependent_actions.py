"""Escalations that exist only because of an action the request ruled out.

Support escalates a refund above the limit to a person ("refund_over_limit"). When the
request says not to refund ("what's on ORD-10500? don't refund it"), the refund is
dropped, and an escalation whose every reason was that refund has nothing left to hand
over: proposing it would be a fabricated escalation. An escalation with a reason of its
own (an angry customer, a safety report) stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

REASON_ACTIONS: dict[str, str] = {"refund_over_limit": "process_refund"}
"""Escalation reason -> the action it is raised for."""

ESCALATION_TOOLS = frozenset({"escalate_to_human"})


def dependent_on(action: dict[str, Any], dropped_tools: Iterable[str]) -> bool:
    """Whether ``action`` escalates only actions among ``dropped_tools``."""
    if action.get("tool") not in ESCALATION_TOOLS:
        return False
    reasons = (action.get("facts") or {}).get("reasons") or []
    gone = set(dropped_tools)
    return bool(reasons) and all(REASON_ACTIONS.get(r) in gone for r in reasons)


def reasons_left(reasons: Iterable[str], dropped_tools: Iterable[str]) -> list[str]:
    """``reasons`` without those raised only for an action among ``dropped_tools``."""
    gone = set(dropped_tools)
    return [r for r in reasons if REASON_ACTIONS.get(r) not in gone]
