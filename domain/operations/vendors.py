"""Vendor confirmations: who is still pending, who is late, who cancelled."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from domain.models import Event, Vendor
from domain.operations.severity import Severity, vendor_severity
from domain.scope import Scope


def check_vendors(scope: Scope, event: Event) -> dict[str, Any]:
    """Every vendor of the event with a confirmation severity, most severe first.

    Pending vendors whose confirm-by date is past are critical, within 14 days high;
    a cancelled vendor is critical (seed 000: vendor cancellation is critical).

    Returns:
        ``vendors`` (sorted), ``counts`` by status and ``flagged`` (high or critical).
    """
    rows = scope.session.scalars(
        select(Vendor).where(Vendor.tenant_id == scope.tenant_id, Vendor.event_id == event.id)
    )
    vendors: list[dict[str, Any]] = [
        {
            "vendor_id": v.id,
            "name": v.name,
            "service": v.service,
            "contact_name": v.contact_name,
            "contact_email": v.contact_email,
            "status": v.status,
            "confirm_by": v.confirm_by,
            "days_to_confirm_by": (v.confirm_by - scope.today).days,
            "contract_value": v.contract_value,
            "severity": vendor_severity(v.status, v.confirm_by, scope.today),
            "needs_follow_up": v.status == "pending",
        }
        for v in rows
    ]
    vendors.sort(key=lambda v: (-v["severity"].rank, v["confirm_by"], v["vendor_id"]))
    counts = {
        s: sum(1 for v in vendors if v["status"] == s)
        for s in ("confirmed", "pending", "cancelled")
    }
    flagged = [v for v in vendors if v["severity"] in {Severity.HIGH, Severity.CRITICAL}]
    return {"counts": counts, "flagged": flagged, "vendors": vendors}
