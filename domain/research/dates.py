"""Date helpers for values read back from either backend (SQLite drops time zones)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any


def as_utc(moment: datetime) -> datetime:
    """The same instant, time-zone aware; naive values (SQLite) are taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_day(value: Any) -> date | None:
    """A date from a JSON value ('2026-08-01', a date or a datetime); None if unreadable."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def days_ago(moment: datetime | date, now: datetime) -> float:
    """Days from ``moment`` back from ``now`` (negative when ``moment`` is in the future)."""
    if isinstance(moment, datetime):
        return (now - as_utc(moment)).total_seconds() / 86400
    return float((now.date() - moment).days)
