"""Engagement points from touches, with recency decay: pure math on plain inputs."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

HALF_LIFE_DAYS = 30.0
"""A touch counts half as much after a month."""
SATURATION_POINTS = 25.0
"""Decayed points at which the engagement score reaches about 63."""
KIND_POINTS = {"meeting": 12.0, "call": 5.0, "download": 4.0, "web_visit": 2.0}
OPEN_POINTS, CLICK_POINTS, REPLY_POINTS = 1.0, 3.0, 8.0
PER_TOUCH_CAP = 3


@dataclass(frozen=True)
class Touch:
    """One activity, reduced to what engagement reads."""

    kind: str
    age_days: float
    opens: int = 0
    clicks: int = 0
    replied: bool = False
    direction: str = "outbound"


def touch_points(touch: Touch) -> float:
    """Undecayed points of one touch; an outbound email nobody opened scores nothing."""
    points = KIND_POINTS.get(touch.kind, 0.0)
    points += OPEN_POINTS * min(touch.opens, PER_TOUCH_CAP)
    points += CLICK_POINTS * min(touch.clicks, PER_TOUCH_CAP)
    if touch.replied or (touch.kind == "email" and touch.direction == "inbound"):
        points += REPLY_POINTS
    return points


def decayed_points(touches: Iterable[Touch]) -> float:
    """Sum of touch points, each halved for every 30 days of age (future touches skipped)."""
    return sum(
        touch_points(t) * 0.5 ** (t.age_days / HALF_LIFE_DAYS) for t in touches if t.age_days >= 0
    )


def engagement_score(touches: Iterable[Touch]) -> float:
    """0–100 engagement that saturates: 100 * (1 - exp(-points / 25)), one decimal."""
    return round(100.0 * (1.0 - math.exp(-decayed_points(touches) / SATURATION_POINTS)), 1)


def trend(recent_points: float, prior_points: float) -> str:
    """'rising', 'falling', 'flat' or 'none' comparing two equal windows of raw points."""
    if recent_points == 0 and prior_points == 0:
        return "none"
    if recent_points >= prior_points * 1.2 + 1:
        return "rising"
    if recent_points <= prior_points * 0.8 - 1:
        return "falling"
    return "flat"
