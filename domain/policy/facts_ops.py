"""Facts about an operations action: overdue deliverables, vendors, budget lines, ticket pace."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.lookups import get_owned, resolve_event
from domain.models import BudgetLine, Deliverable, Event, Vendor
from domain.operations.budget import pct_over
from domain.operations.ticket_sales import monitor_ticket_sales
from domain.policy.arguments import arg_int, arg_ints, arg_str
from domain.scope import Scope


def reminder_facts(scope: Scope, args: Mapping[str, Any]) -> dict[str, Any]:
    """The deliverable or vendor a ``send_reminder`` is about.

    Raises:
        NotFoundError: unknown ``deliverable_id`` / ``vendor_id``.
    """
    deliverable_id, vendor_id = arg_int(args, "deliverable_id"), arg_int(args, "vendor_id")
    deliverable_ids = [deliverable_id] if deliverable_id else []
    return {
        "deliverables": _deliverables(scope, deliverable_ids, "deliverable_id"),
        "vendors": _vendors(scope, [vendor_id] if vendor_id else [], "vendor_id"),
    }


def escalation_facts(scope: Scope, args: Mapping[str, Any]) -> dict[str, Any]:
    """An ``escalate_issue``'s severity, related records and the event's ticket pace.

    Ticket pace is the related records' event (else the next upcoming event) as
    ``domain.operations.monitor_ticket_sales`` measures it.

    Raises:
        NotFoundError: a related id that is not the tenant's (names the argument).
    """
    deliverables = _deliverables(scope, arg_ints(args, "deliverable_ids"), "deliverable_ids")
    vendors = _vendors(scope, arg_ints(args, "vendor_ids"), "vendor_ids")
    budget_lines = _budget_lines(scope, arg_ints(args, "budget_line_ids"))
    related = [row["event_id"] for row in (*deliverables, *vendors, *budget_lines)]
    event = (
        get_owned(scope, Event, related[0], argument="deliverable_ids")
        if related
        else resolve_event(scope)
    )
    pace = monitor_ticket_sales(scope, event)
    return {
        "severity": (arg_str(args, "severity") or "").lower() or None,
        "deliverables": deliverables,
        "vendors": vendors,
        "budget_lines": budget_lines,
        "ticket_pace": {
            "event_id": event.id,
            "event": event.name,
            "days_to_event": pace["days_to_event"],
            "tickets_sold": pace["tickets_sold"],
            "expected_by_now": pace["expected_by_now"],
            "gap_pct": pace["gap_pct"],
        },
    }


def _deliverables(scope: Scope, ids: list[int], argument: str) -> list[dict[str, Any]]:
    rows = [get_owned(scope, Deliverable, i, argument=argument) for i in ids]
    return [
        {
            "id": d.id,
            "event_id": d.event_id,
            "title": d.title,
            "status": d.status,
            "due_on": d.due_on,
            "overdue_days": 0 if d.status == "done" else max(0, (scope.today - d.due_on).days),
        }
        for d in rows
    ]


def _vendors(scope: Scope, ids: list[int], argument: str) -> list[dict[str, Any]]:
    rows = [get_owned(scope, Vendor, i, argument=argument) for i in ids]
    return [{"id": v.id, "event_id": v.event_id, "name": v.name, "status": v.status} for v in rows]


def _budget_lines(scope: Scope, ids: list[int]) -> list[dict[str, Any]]:
    rows = [get_owned(scope, BudgetLine, i, argument="budget_line_ids") for i in ids]
    return [
        {
            "id": b.id,
            "event_id": b.event_id,
            "category": b.category,
            "planned": b.planned,
            "actual": b.actual,
            "overrun_pct": round(pct_over(b.actual, b.planned), 4),
        }
        for b in rows
    ]
