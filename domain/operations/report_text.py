"""The weekly status report as Markdown, filled into the template from ``prompts/``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from string import Template
from typing import Any

from domain.operations.severity import Severity


def render_status_report(report: Mapping[str, Any], template: str) -> str:
    """The report as Markdown.

    Args:
        report: the result of ``generate_status_report``.
        template: the ``## body`` block of ``prompts/operations_status_report.md``
            (Python string.Template placeholders).
    """
    sections = report["sections"]
    counts = ", ".join(f"{n} {level}" for level, n in reversed(report["issue_counts"].items()))
    urgent = [i for i in report["issues"] if i["severity"] in {Severity.CRITICAL, Severity.HIGH}]
    deliverables, sales = sections["deliverables"], sections["ticket_sales"]
    budget, vendors = sections["budget"], sections["vendors"]
    totals = budget["totals"]
    values = {
        "event_name": report["event"]["name"],
        "week_ending": report["week_ending"].isoformat(),
        "days_to_event": report["days_to_event"],
        "overall_severity": report["overall_severity"].value,
        "issue_counts": counts,
        "top_issues": _bullets(f"**{i['severity'].value}** · {i['summary']}" for i in urgent),
        "deliverables": _bullets(
            f"{n} {state.replace('_', ' ')}" for state, n in deliverables["counts"].items()
        ),
        "ticket_sales": _bullets(
            [
                f"{sales['tickets_sold']} / {sales['ticket_target']} tickets "
                f"({sales['pct_of_target']}% of target, {sales['gap_pct']:+.1f}% vs pace)",
                f"velocity {sales['velocity_7d']}/day (7-day), {sales['required_velocity']}/day "
                f"needed; simple projection {sales['projected_final']}",
            ]
        ),
        "budget": _bullets(
            [
                f"{totals['spent_pct']}% of {totals['budget_total']:,.0f} spent "
                f"({totals['spent_with_committed_pct']}% with commitments)",
                *budget["alerts"],
            ]
        ),
        "vendors": _bullets(
            [
                ", ".join(f"{n} {status}" for status, n in vendors["counts"].items()),
                *(
                    f"{v['name']}: {v['status']}, confirm by {v['confirm_by'].isoformat()}"
                    for v in vendors["flagged"]
                ),
            ]
        ),
    }
    return Template(template).safe_substitute(values)


def _bullets(lines: Iterable[str]) -> str:
    items = [f"- {line}" for line in lines if line]
    return "\n".join(items) if items else "- nothing to report"
