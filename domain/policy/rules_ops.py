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
)
from domain.policy.settings import PolicySettings
from domain.policy.wording import joined, phrase


def overdue_critical(days_overdue: int) -> bool:
    """Overdue by 3 days or more."""
    return days_overdue >= OVERDUE_CRITICAL_DAYS


def sales_gap_critical(gap_pct: float, days_to_event: int) -> bool:
    """40%+ behind target pace (``gap_pct`` <= -40) with under 30 days to go."""
    return gap_pct <= -SALES_GAP_CRITICAL_PCT and days_to_event < SALES_GAP_MAX_DAYS


def overrun_critical(overrun_pct: float) -> bool:
    """More than 10% over plan."""
    return overrun_pct > BUDGET_OVERRUN_PCT


def critical_findings(facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One phrase (``domain.policy.wording``) per critical situation the action touches,
    with its numbers."""
    found = [
        phrase(
            "deliverable_overdue",
            title=d["title"],
            days=d["overdue_days"],
            critical=OVERDUE_CRITICAL_DAYS,
        )
        for d in facts.get("deliverables", ())
        if overdue_critical(d["overdue_days"])
    ]
    found += [
        phrase("vendor_cancelled", name=v["name"])
        for v in facts.get("vendors", ())
        if _cancelled(v)
    ]
    found += [
        phrase(
            "budget_overrun",
            category=b["category"],
            overrun={"pct": b["overrun_pct"]},
            critical={"pct": BUDGET_OVERRUN_PCT},
        )
        for b in facts.get("budget_lines", ())
        if overrun_critical(b["overrun_pct"])
    ]
    pace = facts.get("ticket_pace")
    if pace and sales_gap_critical(pace["gap_pct"], pace["days_to_event"]):
        found.append(
            phrase(
                "ticket_pace",
                gap={"pct": -pace["gap_pct"]},
                days=pace["days_to_event"],
                critical={"pct": SALES_GAP_CRITICAL_PCT},
                max_days=SALES_GAP_MAX_DAYS,
            )
        )
    if facts.get("severity") == "critical":
        found.append(phrase("graded_critical"))
    return found


def ops_critical(facts: Mapping[str, Any], settings: PolicySettings) -> Reason | None:
    """An action about a critical operations situation goes past a human."""
    found = critical_findings(facts)
    if not found:
        return None
    return Reason.worded("ops_critical", findings=joined("; ", found))


def _cancelled(vendor: Mapping[str, Any]) -> bool:
    return str(vendor.get("status", "")).lower() == "cancelled"
