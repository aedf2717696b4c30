"""The weekly status report: deliverables, ticket sales, budget and vendors in one place."""

from __future__ import annotations

from typing import Any

from domain.models import Event
from domain.operations.budget import track_budget
from domain.operations.deliverables import check_deliverables
from domain.operations.issue_lines import issue_line
from domain.operations.severity import Severity, worst
from domain.operations.ticket_sales import monitor_ticket_sales
from domain.operations.vendors import check_vendors
from domain.scope import Scope


def generate_status_report(scope: Scope, event: Event) -> dict[str, Any]:
    """Run every operations check and list the issues, most severe first.

    Returns:
        ``sections`` (deliverables, ticket_sales, budget, vendors, each the full check
        result), ``issues`` (severity, area, summary, recommended action, ids),
        ``overall_severity`` and per-severity ``issue_counts``.
    """
    deliverables = check_deliverables(scope, event)
    sales = monitor_ticket_sales(scope, event)
    budget = track_budget(scope, event)
    vendors = check_vendors(scope, event)
    issues = _deliverable_issues(deliverables) + _sales_issues(sales)
    issues += _budget_issues(budget) + _vendor_issues(vendors)
    issues.sort(key=lambda i: (-i["severity"].rank, i["area"]))
    return {
        "event": {"id": event.id, "name": event.name, "starts_on": event.starts_on},
        "week_ending": scope.today,
        "days_to_event": (event.starts_on - scope.today).days,
        "overall_severity": worst(i["severity"] for i in issues),
        "issue_counts": {s.value: sum(1 for i in issues if i["severity"] is s) for s in Severity},
        "issues": issues,
        "sections": {
            "deliverables": deliverables,
            "ticket_sales": sales,
            "budget": budget,
            "vendors": vendors,
        },
    }


def _issue(severity: Severity, area: str, summary: str, action: str, **ids: Any) -> dict[str, Any]:
    return {"severity": severity, "area": area, "summary": summary, "action": action, **ids}


def _lined(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """The English summary of an issue of ``kind`` and its ``line`` for other languages
    (``domain.operations.issue_lines``)."""
    return {"summary": issue_line(kind, values), "line": {"kind": kind, "values": values}}


def _deliverable_issues(check: dict[str, Any]) -> list[dict[str, Any]]:
    issues = []
    for d in check["deliverables"]:
        values: dict[str, Any] = {"title": d["title"], "owner": d["owner_name"]}
        if d["state"] == "overdue":
            values["days"] = d["days_overdue"]
        elif d["state"] == "blocked":
            values["notes"] = d["notes"] or "no note"
        elif d["state"] == "due_soon":
            values["due_on"] = d["due_on"].isoformat()
        else:
            continue
        lined = _lined(d["state"], values)
        issue = _issue(
            d["severity"],
            "deliverables",
            lined["summary"],
            d["recommended_action"],
            deliverable_id=d["deliverable_id"],
        )
        issues.append({**issue, "line": lined["line"]})
    return issues


def _sales_issues(sales: dict[str, Any]) -> list[dict[str, Any]]:
    summary = (
        f"{sales['tickets_sold']} of {sales['ticket_target']} tickets sold "
        f"({sales['gap_pct']:+.1f}% vs target pace); 7-day velocity {sales['velocity_7d']}/day, "
        f"{sales['required_velocity']}/day needed"
    )
    behind = sales["severity"] is not Severity.LOW
    return [_issue(sales["severity"], "ticket_sales", summary, "escalate" if behind else "none")]


def _budget_issues(budget: dict[str, Any]) -> list[dict[str, Any]]:
    issues = []
    for line in budget["lines"]:
        if line["severity"] is Severity.LOW:
            continue
        lined = _lined(
            "budget_line",
            {
                "category": line["category"],
                "variance": line["variance_pct"],
                "committed": line["committed_variance_pct"],
            },
        )
        issue = _issue(
            line["severity"],
            "budget",
            lined["summary"],
            "escalate" if line["severity"] is Severity.CRITICAL else "review",
            budget_line_id=line["budget_line_id"],
        )
        issues.append({**issue, "line": lined["line"]})
    if budget["spend_rate_alert"]:
        totals = budget["totals"]
        issues.append(
            _issue(
                Severity.HIGH,
                "budget",
                f"{totals['spent_pct']:.1f}% of budget spent with "
                f"{budget['days_to_event']} days to go",
                "escalate",
            )
        )
    return issues


def _vendor_issues(vendors: dict[str, Any]) -> list[dict[str, Any]]:
    issues = []
    for v in vendors["flagged"]:
        if v["status"] == "cancelled":
            summary = f"{v['name']} ({v['service']}) cancelled"
        else:
            days = v["days_to_confirm_by"]
            when = f"{-days} day(s) past" if days < 0 else f"in {days} day(s)"
            summary = f"{v['name']} ({v['service']}) unconfirmed; confirm-by {when}"
        action = "escalate" if v["severity"] is Severity.CRITICAL else "remind"
        issues.append(_issue(v["severity"], "vendors", summary, action, vendor_id=v["vendor_id"]))
    return issues
