"""Engagement points, recency decay, saturation and trend on plain touches."""

from __future__ import annotations

import math

import pytest

from domain.sales.engagement_math import (
    Touch,
    decayed_points,
    engagement_score,
    touch_points,
    trend,
)


def test_touch_points_by_kind_and_counters() -> None:
    assert touch_points(Touch("email", 0, opens=2, clicks=1, replied=True)) == 13.0
    assert touch_points(Touch("email", 0, opens=10, clicks=10)) == 12.0  # capped at 3 each
    assert touch_points(Touch("email", 0, direction="inbound")) == 8.0  # an inbound reply
    assert touch_points(Touch("email", 0)) == 0.0  # sent, never opened
    assert touch_points(Touch("meeting", 0)) == 12.0
    assert touch_points(Touch("download", 0)) == 4.0


def test_points_halve_every_thirty_days_and_future_touches_do_not_count() -> None:
    touches = [
        Touch("email", 0, opens=2, clicks=1, replied=True),  # 13
        Touch("meeting", 30),  # 12 * 0.5
        Touch("web_visit", 60),  # 2 * 0.25
        Touch("meeting", -3),  # scheduled, not yet held
    ]
    assert decayed_points(touches) == pytest.approx(19.5)
    assert engagement_score(touches) == round(100 * (1 - math.exp(-19.5 / 25)), 1) == 54.2


def test_engagement_score_saturates_below_100() -> None:
    assert engagement_score([]) == 0.0
    assert engagement_score([Touch("meeting", 0)] * 30) == 100.0
    assert engagement_score([Touch("meeting", 0)] * 3) == 76.3


@pytest.mark.parametrize(
    ("recent", "prior", "expected"),
    [(10, 5, "rising"), (3, 10, "falling"), (5, 5, "flat"), (0, 0, "none"), (1, 0, "rising")],
)
def test_trend(recent: float, prior: float, expected: str) -> None:
    assert trend(recent, prior) == expected
