"""Recommendation rules for operations (budget, deliverables, vendors) and sponsorship.

Critical per seed 000: a budget line over plan by more than 10%, a deliverable overdue
by 3+ days. Over 90% of the event budget spent with more than 30 days to go is high.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain.analytics.action_titles import titled
from domain.analytics.operations_status import (
    OVERRUN_CRITICAL_PCT,
    SPENT_WARNING_DAYS_OUT,
    SPENT_WARNING_PCT,
)
from domain.analytics.snapshot import EventSnapshot

Spec = dict[str, Any]
DEAL_APPROVAL_THRESHOLD = Decimal(50000)
"""Deals above this need a human (seed 000)."""


def budget(s: EventSnapshot) -> list[Spec]:
    """Lines over plan, and the event budget nearly spent too early."""
    b = s.operations["budget"]
    specs: list[Spec] = []
    for line in b["lines_over_plan"]:
        over = Decimal(line["actual"]) - Decimal(line["planned"])
        critical = Decimal(str(line["over_pct"])) > OVERRUN_CRITICAL_PCT
        specs.append(
            {
                **titled("budget_overrun", category=line["category"], over_pct=line["over_pct"]),
                "detail": f"Actual ${line['actual']:,.0f} against ${line['planned']:,.0f} planned. "
                "Freeze new commitments on this line and find offsets elsewhere.",
                "owner": "operations",
                "severity": "critical" if critical else "medium",
                "impact_usd": float(over),
                "impact": f"${over:,.0f} over plan",
                "evidence": line,
            }
        )
    spent = b["spent_pct_of_budget"]
    days = s.operations["days_to_event"]
    if spent is not None and spent > SPENT_WARNING_PCT and days > SPENT_WARNING_DAYS_OUT:
        specs.append(
            {
                **titled("budget_spent", spent=spent, days=days),
                "detail": "Over 90% spent with more than 30 days to go leaves no contingency.",
                "owner": "operations",
                "severity": "high",
                "impact_usd": 0.0,
                "impact": "protect the remaining contingency",
                "evidence": b,
            }
        )
    return specs


def deliverables(s: EventSnapshot) -> list[Spec]:
    """Overdue and blocked deliverables."""
    d = s.operations["deliverables"]
    specs: list[Spec] = []
    if d["overdue"]:
        worst = max(d["overdue"], key=lambda o: o["days_overdue"])
        specs.append(
            {
                **titled("overdue_deliverables", count=len(d["overdue"])),
                "detail": f"Most overdue: '{worst['title']}' ({worst['days_overdue']} days, owner "
                f"{worst['owner']}). {d['critical_overdue']} of them 3+ days late, which "
                "escalates to the organiser.",
                "owner": "operations",
                "severity": "critical" if d["critical_overdue"] else "high",
                "impact_usd": 0.0,
                "impact": "keep the event timeline on track",
                "evidence": {"overdue": d["overdue"]},
            }
        )
    if d["blocked"]:
        specs.append(
            {
                **titled("blocked_deliverables", count=len(d["blocked"])),
                "detail": "Blocked: " + ", ".join(d["blocked"]) + ".",
                "owner": "operations",
                "severity": "medium",
                "impact_usd": 0.0,
                "impact": "remove a dependency risk",
                "evidence": {"blocked": d["blocked"]},
            }
        )
    return specs


def vendors(s: EventSnapshot) -> list[Spec]:
    """Pending vendors whose confirmation deadline is past or within a week."""
    specs: list[Spec] = []
    for v in s.operations["vendors"]["pending"]:
        if v["days_left"] > 7:
            continue
        late = v["days_left"] < 0
        when = f"{-v['days_left']} days ago" if late else f"in {v['days_left']} days"
        specs.append(
            {
                **titled("vendor_confirm", vendor=v["name"], service=v["service"]),
                "detail": f"Still pending; confirmation was due {when} ({v['confirm_by']}).",
                "owner": "operations",
                "severity": "high" if late else "medium",
                "impact_usd": 0.0,
                "impact": f"${v['contract_value']:,.0f} contract at risk",
                "evidence": v,
            }
        )
    return specs


def sponsorship(s: EventSnapshot) -> list[Spec]:
    """Late-stage sponsorship deals to close (sales)."""
    late = s.sponsorship["late_stage_deals"]
    if not late or s.attendance["days_to_event"] < 0:
        return []
    weighted = sum(Decimal(d["value"]) * d["probability"] / 100 for d in late)
    big = [d["name"] for d in late if Decimal(d["value"]) > DEAL_APPROVAL_THRESHOLD]
    note = f" Deals over $50,000 need human approval: {', '.join(big)}." if big else ""
    return [
        {
            **titled("close_sponsorships", count=len(late)),
            "detail": f"${sum(Decimal(d['value']) for d in late):,.0f} in late-stage deals, "
            f"${weighted:,.0f} probability-weighted.{note}",
            "owner": "sales",
            "severity": "medium",
            "impact_usd": float(weighted),
            "impact": f"about ${weighted:,.0f} expected sponsorship revenue",
            "evidence": {"deals": late[:5]},
        }
    ]
