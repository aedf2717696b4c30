"""A campaign window read from a stated period ("for August", "since August 15th")."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.offline.period_window import period_days

TODAY = date(2026, 9, 1)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("open and click rates of our email campaigns for August", 31),
        ("since August 15th, how are the click rates holding up?", 17),
        ("Wie hoch war die Öffnungsrate im August?", 31),
        ("¿cómo van las campañas desde el 20 de agosto?", 12),
        ("click rates in July", None),
        ("newsletter clicks this week", None),
        ("how are the campaigns doing?", None),
    ],
)
def test_days_from_the_period_start_to_yesterday(text: str, days: int | None) -> None:
    assert period_days(text, TODAY, 90) == days


def test_a_period_longer_than_the_tool_takes_is_not_filled() -> None:
    assert period_days("since March 1st", TODAY, 90) is None


@pytest.mark.parametrize(
    "text",
    [
        "how are click rates this week from the newsletter?",
        "open rates this month for emails from Acme",
        "Wie sehen die Klickraten diese Woche ab?",
        "¿cómo van los clics esta semana desde la newsletter?",
    ],
)
def test_from_without_a_date_after_it_keeps_the_tools_own_window(text: str) -> None:
    assert period_days(text, date(2026, 9, 3), 90) is None


def test_from_directly_before_a_date_or_weekday_states_the_start() -> None:
    assert period_days("click rates this week from Monday", date(2026, 9, 3), 90) == 3
    assert period_days("Klickraten diese Woche ab Montag", date(2026, 9, 3), 90) == 3
