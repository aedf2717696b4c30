"""Template values for analytics answers that relate a figure to another one the result holds.

"How far short of the target will we land?" is answered by the gap between the forecast
and the target, which the forecast result holds as two numbers but never as their
difference; "what share of tickets are student tickets?" or "how many attendees work in
fintech?" by one group of a breakdown set against its total. Each value is worked out from
the tool's own numbers (never made up), under names the answer blocks use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from adapters.offline.facts import format_value
from adapters.offline.text import fold

TIME_GROUPS = frozenset({"day", "week", "half_month", "month"})
NAMED_ROWS_MAX = 5
"""At most this many groups the request names are stated one by one with their share."""


def as_number(value: Any) -> float | None:
    """A numeric field as a float (amounts arrive as strings: "3120000.00"), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def _point(value: Any) -> float | None:
    """A forecast's point value (``{"point": 7070, ...}``) or a plain number."""
    if isinstance(value, Mapping):
        return as_number(value.get("point"))
    return as_number(value)


def target_gap(prefix: str, projected: Any, target: Any) -> dict[str, str]:
    """``<prefix>_short`` (how far the projection falls below the target) or
    ``<prefix>_over`` (how far above it), from the two numbers; empty when either is missing.
    """
    point, goal = _point(projected), as_number(target)
    if point is None or goal is None or goal <= 0:
        return {}
    gap = goal - point
    if gap > 0:
        return {f"{prefix}_short": format_value(gap)}
    return {f"{prefix}_over": format_value(-gap)}


def needed_pace(to_target: Any, days_left: Any) -> dict[str, str]:
    """``needed_per_day``: the tickets a day still needed to reach the target ("how many a
    day do we need?"), from what is left to sell and the days left; empty when neither
    is positive."""
    left, days = as_number(to_target), as_number(days_left)
    if left is None or days is None or left <= 0 or days <= 0:
        return {}
    return {"needed_per_day": f"{left / days:.1f}"}


def gap_values(tool: str, result: Mapping[str, Any]) -> dict[str, str]:
    """The gap to target of a ticket forecast or a revenue projection."""
    if tool == "predict_attendance":
        values = target_gap("forecast", result.get("forecast"), result.get("target"))
        return values | needed_pace(result.get("to_target"), result.get("days_to_event"))
    if tool == "analyze_revenue":
        return target_gap("projection", result.get("projection"), result.get("revenue_target"))
    return {}


def _mentions(text: str, name: str) -> bool:
    """Whether ``text`` names ``name`` as a whole word or phrase (an "s" plural allowed)."""
    wanted = fold(name).strip()
    if len(wanted) < 2:
        return False
    pattern = rf"(?<![a-z0-9]){re.escape(wanted)}s?(?![a-z0-9])"
    return re.search(pattern, fold(text)) is not None


def named_rows(result: Mapping[str, Any], asked: str) -> dict[str, str]:
    """``rows_named``: each group of a breakdown the request names, with its value and its
    share of the total ("Fintech 424 (11.2%)").

    A question about one group ("how many attendees work in fintech?", "what share of
    tickets are VIP?") is answered by one row of the breakdown, which may sit far down a
    long list, and its share is a part of the whole that no row states. Time groups are
    periods, not parts of a whole, and are left to the comparison lines.
    """
    rows = result.get("rows")
    total = as_number(result.get("total"))
    if not asked or not isinstance(rows, list) or result.get("group_by") in (None, *TIME_GROUPS):
        return {}
    stated = []
    for row in rows:
        if not isinstance(row, Mapping) or not isinstance(row.get("group"), str):
            continue
        value = as_number(row.get("value"))
        if value is None or not _mentions(asked, row["group"]):
            continue
        text = f"{row['group']} {format_value(row['value'])}"
        if total:
            text += f" ({100 * value / total:.1f}%)"
        stated.append(text)
    if not stated:
        return {}
    return {"rows_named": ", ".join(stated[:NAMED_ROWS_MAX])}
