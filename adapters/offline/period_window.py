"""A trailing window ("the last N days up to yesterday") read from a stated period.

"The open rates for August", "since August 15th, how are the click rates holding up?"
state where the period starts, not how many days it lasts; a tool that reports over the
days up to yesterday (``ENDS_YESTERDAY``) covers that period with the days from its
start to yesterday. Only a period that runs up to the window's end fits: "in July",
finished weeks ago, is no trailing window, and nothing is filled for it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from adapters.offline import dates
from adapters.offline.text import fold

_ARTICLE = r"(?:the|el|la|le|l|dem|den|der|die|das|this|este|esta|ce|cette|diesem|dieser)"
_NAMES = "|".join(sorted([*dates.MONTHS, *dates.WEEKDAYS], key=len, reverse=True))
_START = (
    rf"(?:\d|(?:{_NAMES})\b|"
    r"(?:yesterday|ayer|hier|gestern|last|past|letzte\w*|vergangene\w*|"
    r"start|beginning|begin|principio|principios|inicio|debut|anfang|mitte|mid|early)\b)"
)
_SINCE = re.compile(rf"\b(?:since|from|desde|depuis|seit|ab)\s+(?:{_ARTICLE}\s+){{0,2}}{_START}")
"""A period running up to today is asked about as a period only from a stated start
("since August 15th", "desde el 20 de agosto", "ab Montag"); "this week" is the tool's
own window. "From"/"ab" count only directly before a date, weekday, month or a start
("click rates this week from the newsletter" states no start)."""

ENDS_YESTERDAY = frozenset({"monitor_metrics"})
"""Tools whose ``days`` window ends yesterday (today's figures are not in yet)."""


def period_days(text: str, today: date, maximum: int | None) -> int | None:
    """The days from the stated period's start to yesterday, or None.

    None when no period is stated, it starts today or later, it ends before
    yesterday, or it is longer than ``maximum`` (the tool's cap).
    """
    start, end = dates.date_range(text, today)
    yesterday = today - timedelta(days=1)
    if start is None or start > yesterday:
        return None
    if end is not None and end < yesterday:
        return None
    if (end is None or end >= today) and not _SINCE.search(fold(text)):
        return None  # "this week" runs on: the tool's own window, not a stated period
    days = (yesterday - start).days + 1
    if maximum is not None and days > maximum:
        return None
    return days
