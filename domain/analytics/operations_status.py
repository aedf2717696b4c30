"""Operational metrics the analytics agent reports on: deliverables, budget, vendors.

Thresholds are seed 000's critical escalation criteria: a deliverable overdue by 3+
days, a budget overrun above 10%, and over 90% of the budget spent with more than 30
days to go.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from domain.models import BudgetLine, Deliverable, Event, Vendor
from domain.scope import Scope

OVERDUE_CRITICAL_DAYS = 3
OVERRUN_CRITICAL_PCT = Decimal(10)
SPENT_WARNING_PCT = Decimal(90)
SPENT_WARNING_DAYS_OUT = 30
DUE_SOON_DAYS = 7


def operations_status(scope: Scope, event: Event) -> dict[str, Any]:
    """Deliverables, budget lines and vendor confirmations of an event, as of today."""
    today = scope.today
    deliverables = list(
        scope.session.scalars(
            select(Deliverable)
            .where(Deliverable.tenant_id == scope.tenant_id, Deliverable.event_id == event.id)
            .order_by(Deliverable.due_on)
        )
    )
    open_items = [d for d in deliverables if d.status != "done"]
    overdue = [
        {
            "title": d.title,
            "owner": d.owner_name,
            "due_on": d.due_on,
            "days_overdue": (today - d.due_on).days,
            "status": d.status,
            "priority": d.priority,
        }
        for d in open_items
        if d.due_on < today
    ]
    lines = list(
        scope.session.scalars(
            select(BudgetLine)
            .where(BudgetLine.tenant_id == scope.tenant_id, BudgetLine.event_id == event.id)
            .order_by(BudgetLine.category)
        )
    )
    planned = sum((b.planned for b in lines), Decimal(0))
    actual = sum((b.actual for b in lines), Decimal(0))
    over = [
        {
            "category": b.category,
            "planned": b.planned,
            "actual": b.actual,
            "over_pct": round((b.actual / b.planned - 1) * 100, 1),
        }
        for b in lines
        if b.planned and b.actual > b.planned
    ]
    vendors = list(
        scope.session.scalars(
            select(Vendor)
            .where(Vendor.tenant_id == scope.tenant_id, Vendor.event_id == event.id)
            .order_by(Vendor.confirm_by)
        )
    )
    pending = [
        {
            "name": v.name,
            "service": v.service,
            "confirm_by": v.confirm_by,
            "days_left": (v.confirm_by - today).days,
            "contract_value": v.contract_value,
        }
        for v in vendors
        if v.status == "pending"
    ]
    budget_total = Decimal(event.budget_total)
    return {
        "days_to_event": (event.starts_on - today).days,
        "deliverables": {
            "total": len(deliverables),
            "done": len(deliverables) - len(open_items),
            "overdue": overdue,
            "critical_overdue": sum(
                (today - d.due_on).days >= OVERDUE_CRITICAL_DAYS
                for d in open_items
                if d.due_on < today
            ),
            "due_next_7_days": sum(
                today <= d.due_on <= today + timedelta(days=DUE_SOON_DAYS) for d in open_items
            ),
            "blocked": [d.title for d in open_items if d.status == "blocked"],
        },
        "budget": {
            "event_budget": budget_total,
            "planned": planned,
            "actual": actual,
            "spent_pct_of_budget": round(actual * 100 / budget_total, 1) if budget_total else None,
            "lines_over_plan": sorted(over, key=lambda o: o["over_pct"], reverse=True),
        },
        "vendors": {"total": len(vendors), "pending": pending},
    }
