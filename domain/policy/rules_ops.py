"""Operations' critical escalations (seed 000): the situations a human must decide on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.policy.decision import Reason
from domain.policy.limits import (
    BUDGET_OVERRUN_PCT,
    OVERDUE_CRITICAL_DAYS,
    SALES_GAP_CRITICAL_PCT,
    SALES_GAP_MAX_DAYS,
    pct,
)
from domain.policy.settings import PolicySettings


def overdue_critical(days_overdue: int) -> bool:
    """Overdue by 3 days or more."""
    return days_overdue >= OVERDUE_CRITICAL_DAYS


def sales_gap_critical(gap_pct: float, days_to_event: int) -> bool:
    """40%+ behind target pace (``gap_pct`` <= -40) with under 30 days to go."""
    return gap_pct <= -SALES_GAP_CRITICAL_PCT and days_to_event < SALES_GAP_MAX_DAYS


def overrun_critical(overrun_pct: float) -> bool:
    """More than 10% over plan."""
    return overrun_pct > BUDGET_OVERRUN_PCT


def critical_findings(facts: Mapping[str, Any]) -> list[str]:
    """One sentence per critical situation the action touches, with its numbers."""
    found = [
        f"deliverable '{d['title']}' is {d['overdue_days']} days overdue "
        f"(critical at {OVERDUE_CRITICAL_DAYS}+)"
        for d in facts.get("deliverables", ())
        if overdue_critical(d["overdue_days"])
    ]
    found += [f"vendor '{v['name']}' cancelled" for v in facts.get("vendors", ()) if _cancelled(v)]
    found += [
        f"budget line '{b['category']}' is {pct(b['overrun_pct'])} over plan "
        f"(critical above {pct(BUDGET_OVERRUN_PCT)})"
        for b in facts.get("budget_lines", ())
        if overrun_critical(b["overrun_pct"])
    ]
    pace = facts.get("ticket_pace")
    if pace and sales_gap_critical(pace["gap_pct"], pace["days_to_event"]):
        found.append(
            f"ticket sales are {pct(-pace['gap_pct'])} behind target pace with "
            f"{pace['days_to_event']} days to the event (critical at "
            f"{pct(SALES_GAP_CRITICAL_PCT)}+ behind with under {SALES_GAP_MAX_DAYS} days)"
        )
    if facts.get("severity") == "critical":
        found.append("the escalation itself is graded critical")
    return found


def ops_critical(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """An action about a critical operations situation goes past a human."""
    found = critical_findings(facts)
    if not found:
        return None
    text = "; ".join(found)
    return Reason("ops_critical", f"Critical operations issue: {text}")


def _cancelled(vendor: Mapping[str, Any]) -> bool:
    return str(vendor.get("status", "")).lower() == "cancelled"
