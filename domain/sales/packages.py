"""The sponsorship packages on sale for an event: price, slots and what a sponsor gets."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from domain.lookups import resolve_event
from domain.models import SponsorshipPackage
from domain.scope import Scope


def list_packages(scope: Scope, event_id: int | None = None) -> dict[str, Any]:
    """Every sponsorship package of the event (the next upcoming one by default), dearest first.

    Returns:
        ``{event, total, packages: [{package_id, name, price, slots, benefits}]}``.
    """
    event = resolve_event(scope, event_id)
    rows = scope.session.scalars(
        select(SponsorshipPackage)
        .where(
            SponsorshipPackage.tenant_id == scope.tenant_id,
            SponsorshipPackage.event_id == event.id,
        )
        .order_by(SponsorshipPackage.price.desc(), SponsorshipPackage.name)
    ).all()
    return {
        "event": {"id": event.id, "name": event.name, "starts_on": event.starts_on},
        "total": len(rows),
        "packages": [
            {
                "package_id": row.id,
                "name": row.name,
                "price": float(row.price),
                "slots": row.slots,
                "benefits": list(row.benefits),
            }
            for row in rows
        ],
    }
