"""Cron expressions (five fields, parsed by ``croniter``) evaluated in a time zone.

Times in and out are timezone-aware UTC; the expression is read in the cron's own
zone, so ``0 8 * * *`` in ``Europe/Paris`` fires at 08:00 Paris time across daylight
saving changes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import CroniterBadCronError, croniter

from domain.errors import InvalidArgumentError

MAX_COUNTED_PERIODS = 10_000
"""Counting missed periods stops here (a per-minute cron down for a week)."""


def check_schedule(expression: str, timezone: str = "UTC") -> str:
    """The expression, normalised (single spaces), if it is a valid five-field cron.

    Raises:
        InvalidArgumentError: not five fields, a field out of range, or an unknown zone.
    """
    zone(timezone)
    text = " ".join(expression.split())
    if len(text.split(" ")) != 5:
        raise InvalidArgumentError(
            "schedule",
            f"{expression!r} is not a cron expression: write five fields, minute hour "
            "day-of-month month day-of-week, e.g. '0 8 * * *' for 08:00 every day",
        )
    try:
        croniter(text, datetime(2026, 1, 1, tzinfo=UTC))
    except (CroniterBadCronError, ValueError, KeyError) as exc:
        raise InvalidArgumentError(
            "schedule", f"{expression!r} is not a valid cron expression ({exc})"
        ) from None
    return text


def zone(timezone: str) -> ZoneInfo:
    """The IANA time zone ``timezone``.

    Raises:
        InvalidArgumentError: no such zone.
    """
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidArgumentError(
            "timezone", f"{timezone!r} is not an IANA time zone such as 'UTC' or 'Europe/Paris'"
        ) from None


def next_after(expression: str, timezone: str, moment: datetime) -> datetime:
    """The first due time strictly after ``moment``, in UTC."""
    local = moment.astimezone(zone(timezone))
    due: datetime = croniter(expression, local).get_next(datetime)
    return due.astimezone(UTC)


def periods_due(expression: str, timezone: str, first: datetime, now: datetime) -> int:
    """How many due times fall in ``[first, now]`` (``first`` being one of them)."""
    if first > now:
        return 0
    count = 1
    it = croniter(expression, first.astimezone(zone(timezone)))
    while count < MAX_COUNTED_PERIODS:
        due: datetime = it.get_next(datetime)
        if due > now:
            break
        count += 1
    return count
