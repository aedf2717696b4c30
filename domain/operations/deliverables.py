"""The deliverables check: what is due, overdue, blocked or done, and who owns it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select

from domain.models import Deliverable, Event
from domain.operations.severity import Severity, deliverable_severity, worst
from domain.scope import Scope

REMINDER_WINDOW_DAYS = 7


def deliverable_state(item: Deliverable, scope: Scope) -> str:
    """One of done, overdue, blocked, due_soon (next 7 days) or upcoming."""
    if item.status == "done":
        return "done"
    days = (item.due_on - scope.today).days
    if days < 0:
        return "overdue"
    if item.status == "blocked":
        return "blocked"
    return "due_soon" if days <= REMINDER_WINDOW_DAYS else "upcoming"


def describe_deliverable(item: Deliverable, scope: Scope) -> dict[str, Any]:
    """One deliverable with its state, severity and the action the seed prescribes."""
    state = deliverable_state(item, scope)
    severity = deliverable_severity(item.status, item.due_on, scope.today)
    action = {"overdue": "escalate", "blocked": "escalate", "due_soon": "remind"}.get(state)
    return {
        "deliverable_id": item.id,
        "title": item.title,
        "category": item.category,
        "owner_name": item.owner_name,
        "owner_email": item.owner_email,
        "due_on": item.due_on,
        "status": item.status,
        "state": state,
        "days_overdue": max(0, (scope.today - item.due_on).days) if state != "done" else 0,
        "days_until_due": (item.due_on - scope.today).days,
        "severity": severity,
        "needs_reminder": state in {"due_soon", "overdue", "blocked"},
        "recommended_action": action or "none",
        "priority": item.priority,
        "vendor_id": item.vendor_id,
        "notes": item.notes,
    }


def check_deliverables(scope: Scope, event: Event, owner: str | None = None) -> dict[str, Any]:
    """Every deliverable of the event, most severe first, with per-owner totals.

    Args:
        scope: tenant, session and today.
        event: the event whose deliverables to check.
        owner: only this person's deliverables ("what is on Priya's plate?"): a full
            name, a first name or a last name, matched case-insensitively
            (``owned_by``); the result then says whose they are as ``owner``.

    Returns:
        ``counts`` by state, ``deliverables`` sorted by severity then due date,
        ``owners`` (open, overdue, due soon, blocked, done, worst severity) and
        ``critical_count``.
    """
    rows = scope.session.scalars(
        select(Deliverable).where(
            Deliverable.tenant_id == scope.tenant_id, Deliverable.event_id == event.id
        )
    )
    items = [describe_deliverable(d, scope) for d in rows]
    if owner is not None:
        items = [item for item in items if owned_by(item["owner_name"], owner)]
    items.sort(
        key=lambda d: (-d["severity"].rank, d["state"] == "done", d["due_on"], d["deliverable_id"])
    )
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item["state"]] += 1
    return {
        "event": {"id": event.id, "name": event.name, "starts_on": event.starts_on},
        "today": scope.today,
        **({"owner": items[0]["owner_name"] if items else owner} if owner is not None else {}),
        "total": len(items),
        "counts": {s: counts[s] for s in ("overdue", "blocked", "due_soon", "upcoming", "done")},
        "critical_count": sum(1 for i in items if i["severity"] is Severity.CRITICAL),
        "deliverables": items,
        "owners": _owner_summary(items),
    }


def owned_by(owner_name: str, asked: str) -> bool:
    """Whether ``asked`` names ``owner_name``: the whole name, or one of its words alone.

    "Priya", "Patel" and "priya patel" all name Priya Patel; "Pat" names nobody.
    """
    name, wanted = owner_name.casefold().split(), asked.casefold().split()
    return bool(wanted) and (wanted == name or (len(wanted) == 1 and wanted[0] in name))


def _owner_summary(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    owners: dict[str, dict[str, Any]] = {}
    for item in items:
        entry = owners.setdefault(
            item["owner_email"],
            {
                "owner_name": item["owner_name"],
                "owner_email": item["owner_email"],
                "total": 0,
                "open": 0,
                "overdue": 0,
                "due_soon": 0,
                "blocked": 0,
                "done": 0,
                "_levels": [],
            },
        )
        entry["total"] += 1
        entry["open"] += item["state"] != "done"
        if item["state"] in {"overdue", "due_soon", "blocked", "done"}:
            entry[item["state"]] += 1
        entry["_levels"].append(item["severity"])
    summary = []
    for entry in owners.values():
        entry["worst_severity"] = worst(entry.pop("_levels"))
        summary.append(entry)
    summary.sort(key=lambda o: (-o["worst_severity"].rank, -o["overdue"], o["owner_name"]))
    return summary
