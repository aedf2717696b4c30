"""The daily operations check's decisions, computed from the operations tools' results.

Seed 000: remind owners of deliverables due within 7 days (and those 1-2 days late),
follow up vendors still pending near their confirm-by date, and escalate the critical
criteria (deliverable overdue 3+ days, ticket sales 40%+ below target with under 30
days to go, budget overrun above 10%, vendor cancellation) to the organiser. Every
issue keeps the severity the tool graded; no model chooses anything here.
"""

from __future__ import annotations

from typing import Any, TypedDict

from graphs.state import PendingAction
from nodes.actions import pending_action
from nodes.playbooks.playbook_kit import SEVERITY_RANK
from tools.results.operations import (
    BudgetReport,
    DeliverableStatus,
    TicketSalesPace,
    VendorStatus,
)

REMIND_DUE_WITHIN_DAYS = 7
"""Deliverables due within this many days get a reminder (seed 000)."""
REMIND_OVERDUE_UP_TO_DAYS = 2
"""Deliverables this late still get a reminder; 3+ days late escalate instead."""
VENDOR_REMIND_WITHIN_DAYS = 14
"""Pending vendors whose confirm-by date is this close (or past) are followed up."""

KIND_ORDER = {"deliverable": 0, "ticket_sales": 1, "budget": 2, "vendor": 3}

Issue = dict[str, Any]


class VendorsView(TypedDict):
    """The status report's vendor section as the check keeps it: flagged and pending."""

    counts: dict[str, int]
    flagged: list[VendorStatus]
    pending: list[VendorStatus]


def deliverable_issues(deliverables: list[DeliverableStatus]) -> list[Issue]:
    """Overdue, blocked and due-soon deliverables as issues."""
    issues = []
    for d in deliverables:
        if d["state"] not in ("overdue", "blocked", "due_soon"):
            continue
        issues.append(
            {
                "kind": "deliverable",
                "title": d["title"],
                "severity": d["severity"],
                "facts": {
                    "deliverable_id": d["deliverable_id"],
                    "state": d["state"],
                    "owner": d["owner_name"],
                    "due_on": d["due_on"],
                    "days_overdue": d["days_overdue"],
                    "days_until_due": d["days_until_due"],
                    "status": d["status"],
                },
            }
        )
    return issues


def ticket_sales_issues(sales: TicketSalesPace) -> list[Issue]:
    """One issue when sales are behind pace (any severity above low)."""
    if sales["severity"] == "low":
        return []
    return [
        {
            "kind": "ticket_sales",
            "title": f"Ticket sales {sales['gap_pct']:+.1f}% vs target pace",
            "severity": sales["severity"],
            "facts": {
                "tickets_sold": sales["tickets_sold"],
                "ticket_target": sales["ticket_target"],
                "gap_pct": sales["gap_pct"],
                "days_to_event": sales["days_to_event"],
                "velocity_7d": sales["velocity_7d"],
                "required_velocity": sales["required_velocity"],
            },
        }
    ]


def budget_issues(budget: BudgetReport) -> list[Issue]:
    """Budget lines above low severity, plus the spend-rate alert (90%+ spent, 30+ days out)."""
    issues = [
        {
            "kind": "budget",
            "title": line["category"],
            "severity": line["severity"],
            "facts": {
                "budget_line_id": line["budget_line_id"],
                "planned": line["planned"],
                "actual": line["actual"],
                "committed": line["committed"],
                "variance_pct": line["variance_pct"],
                "committed_variance_pct": line["committed_variance_pct"],
            },
        }
        for line in budget["lines"]
        if line["severity"] != "low"
    ]
    if budget["spend_rate_alert"]:
        issues.append(
            {
                "kind": "budget",
                "title": "Budget spend rate",
                "severity": "high",
                "facts": {
                    "spent_pct": budget["totals"]["spent_pct"],
                    "days_to_event": budget["days_to_event"],
                },
            }
        )
    return issues


def vendor_issues(flagged: list[VendorStatus]) -> list[Issue]:
    """Vendors graded high or critical (late confirmations, cancellations)."""
    return [
        {
            "kind": "vendor",
            "title": v["name"],
            "severity": v["severity"],
            "facts": {
                "vendor_id": v["vendor_id"],
                "service": v["service"],
                "status": v["status"],
                "confirm_by": v["confirm_by"],
                "days_to_confirm_by": v["days_to_confirm_by"],
            },
        }
        for v in flagged
    ]


def sort_issues(issues: list[Issue]) -> list[Issue]:
    """Most severe first; deliverables, sales, budget, vendors within a level (stable)."""
    return sorted(issues, key=lambda i: (-SEVERITY_RANK[i["severity"]], KIND_ORDER[i["kind"]]))


def reminders(
    step_id: str, deliverables: list[DeliverableStatus], vendors: list[VendorStatus]
) -> list[PendingAction]:
    """Pending ``send_reminder`` actions for owners and vendors that need a nudge."""
    actions = []
    for d in deliverables:
        due_in = d["days_until_due"]
        if d["status"] == "done" or not -REMIND_OVERDUE_UP_TO_DAYS <= due_in <= (
            REMIND_DUE_WITHIN_DAYS
        ):
            continue
        when = f"{-due_in} day(s) overdue" if due_in < 0 else f"due {d['due_on']}"
        actions.append(
            pending_action(
                step_id=step_id,
                department="operations",
                tool="send_reminder",
                args={"deliverable_id": d["deliverable_id"]},
                summary=f"Remind {d['owner_name']}: '{d['title']}' is {when}",
                facts={
                    "title": d["title"],
                    "owner": d["owner_name"],
                    "due_on": d["due_on"],
                    "days_until_due": due_in,
                    "severity": d["severity"],
                },
            )
        )
    for v in vendors:
        if v["status"] != "pending" or v["days_to_confirm_by"] > VENDOR_REMIND_WITHIN_DAYS:
            continue
        actions.append(
            pending_action(
                step_id=step_id,
                department="operations",
                tool="send_reminder",
                args={"vendor_id": v["vendor_id"]},
                summary=f"Ask {v['name']} to confirm its {v['service']} booking "
                f"(confirm by {v['confirm_by']})",
                facts={
                    "vendor": v["name"],
                    "confirm_by": v["confirm_by"],
                    "days_to_confirm_by": v["days_to_confirm_by"],
                    "severity": v["severity"],
                },
            )
        )
    return actions


def escalation_text(issue: Issue) -> tuple[str, str]:
    """Subject and details of the escalation for a critical issue, from its facts."""
    f = issue["facts"]
    kind = issue["kind"]
    if kind == "deliverable":
        late = f"{f['days_overdue']} day(s) overdue" if f["days_overdue"] else "blocked"
        return (
            f"Deliverable '{issue['title']}' is {late}",
            f"'{issue['title']}' (owner {f['owner']}) was due {f['due_on']} and is {late}; "
            f"status {f['status']}. Rule: a deliverable overdue 3+ days is critical. "
            "Decide whether to reassign it, add help or move the dependent work.",
        )
    if kind == "budget":
        return (
            f"Budget line {issue['title']} is {f['variance_pct']:.1f}% over plan",
            f"{issue['title']}: actual {f['actual']:,.0f} against {f['planned']:,.0f} planned "
            f"({f['variance_pct']:+.1f}%; {f['committed_variance_pct']:+.1f}% with "
            "commitments). Rule: an overrun above 10% is critical. Decide on freezing "
            "commitments on this line or moving budget from another.",
        )
    if kind == "ticket_sales":
        return (
            f"Ticket sales {f['gap_pct']:+.1f}% behind target pace",
            f"{f['tickets_sold']} of {f['ticket_target']} tickets sold with "
            f"{f['days_to_event']} days to go; 7-day velocity {f['velocity_7d']}/day against "
            f"{f['required_velocity']}/day needed. Rule: 40%+ below target with under 30 "
            "days to go is critical. Decide on a sales push with marketing.",
        )
    return (
        f"Vendor {issue['title']} ({f['service']}) is {f['status']}",
        f"{issue['title']} ({f['service']}) is {f['status']}; confirm-by {f['confirm_by']} "
        f"({f['days_to_confirm_by']} day(s)). Rule: a vendor cancellation or a missed "
        "confirmation is critical. Decide on a replacement or a direct call.",
    )


RELATED_IDS = {
    "deliverable": ("deliverable_id", "deliverable_ids"),
    "budget": ("budget_line_id", "budget_line_ids"),
    "vendor": ("vendor_id", "vendor_ids"),
}


def escalations(step_id: str, issues: list[Issue]) -> list[PendingAction]:
    """A pending ``escalate_issue`` to the organiser for every critical issue."""
    actions = []
    for issue in issues:
        if issue["severity"] != "critical":
            continue
        subject, details = escalation_text(issue)
        args: dict[str, Any] = {"subject": subject, "details": details, "severity": "critical"}
        related = RELATED_IDS.get(issue["kind"])
        if related and issue["facts"].get(related[0]) is not None:
            args[related[1]] = [issue["facts"][related[0]]]
        actions.append(
            pending_action(
                step_id=step_id,
                department="operations",
                tool="escalate_issue",
                args=args,
                summary=f"Escalate to the organiser: {subject}",
                facts={"kind": issue["kind"], "title": issue["title"], **issue["facts"]},
            )
        )
    return actions


def critical_line(issue: Issue) -> str:
    """A short phrase naming a critical issue for the summary."""
    f = issue["facts"]
    if issue["kind"] == "deliverable":
        return f"'{issue['title']}' {f['days_overdue']} day(s) overdue"
    if issue["kind"] == "budget" and "variance_pct" in f:
        return f"{issue['title']} budget {f['variance_pct']:.1f}% over plan"
    if issue["kind"] == "ticket_sales":
        return f"ticket sales {f['gap_pct']:+.1f}% vs pace"
    return f"{issue['title']} ({issue['kind']})"
