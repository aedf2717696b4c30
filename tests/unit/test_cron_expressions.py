"""Cron expressions: validation sentences, next due time in a zone, counting missed periods."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.errors import InvalidArgumentError
from domain.schedules.expressions import check_schedule, next_after, periods_due


def test_next_after_is_strictly_later_and_in_utc() -> None:
    at_due = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
    assert next_after("0 */4 * * *", "UTC", at_due) == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert next_after("0 8 * * *", "UTC", at_due) == datetime(2026, 1, 2, 8, 0, tzinfo=UTC)


def test_a_zone_keeps_local_time_across_daylight_saving() -> None:
    winter = next_after("0 8 * * *", "Europe/Paris", datetime(2026, 1, 10, tzinfo=UTC))
    summer = next_after("0 8 * * *", "Europe/Paris", datetime(2026, 7, 10, tzinfo=UTC))
    assert (winter.hour, summer.hour) == (7, 6)  # 08:00 Paris is 07:00 / 06:00 UTC
    assert winter.tzinfo == UTC


def test_periods_due_counts_the_first_and_every_later_one() -> None:
    first = datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
    assert periods_due("0 * * * *", "UTC", first, datetime(2026, 1, 1, 5, 30, tzinfo=UTC)) == 6
    assert periods_due("0 * * * *", "UTC", first, first) == 1
    assert periods_due("0 * * * *", "UTC", first, datetime(2025, 12, 31, tzinfo=UTC)) == 0


@pytest.mark.parametrize(
    ("expression", "zone", "says"),
    [
        ("61 * * * *", "UTC", "not a valid cron expression"),
        ("* * *", "UTC", "write five fields"),
        ("@daily", "UTC", "write five fields"),
        ("0 8 * * * *", "UTC", "write five fields"),
        ("0 8 * * mon-xyz", "UTC", "not a valid cron expression"),
        ("0 8 * * *", "Mars/Olympus", "not an IANA time zone"),
    ],
)
def test_bad_schedules_are_refused_with_a_sentence(expression: str, zone: str, says: str) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        check_schedule(expression, zone)
    assert says in str(caught.value)


def test_spacing_is_normalised() -> None:
    assert check_schedule("  0   8 *  * 1-5 ") == "0 8 * * 1-5"
