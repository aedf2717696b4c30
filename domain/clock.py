"""The business clock (which day "today" is for a tenant) and the wall clock schedulers use.

Demo data is generated around a snapshot date. Tools ask this module for today so a
demo tenant stays coherent (six weeks to the event, sales up to yesterday) whatever day
it is queried on; a pinned date in settings wins over both.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

Clock = Callable[[], datetime]
"""A source of aware UTC "now": the scheduler takes one, so tests and benchmarks step time."""


def wall_clock() -> datetime:
    """The real time, aware UTC (the default ``Clock``)."""
    return datetime.now(UTC)


def business_today(pinned: date | None, tenant_snapshot: date | None) -> date:
    """Pinned date, else the tenant's snapshot date, else the real date."""
    if pinned is not None:
        return pinned
    if tenant_snapshot is not None:
        return tenant_snapshot
    return date.today()
