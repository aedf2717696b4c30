"""Result pieces several tools share."""

from __future__ import annotations

from typing import Literal

from typing_extensions import TypedDict

Severity = Literal["low", "medium", "high", "critical"]
"""Seed 000's four levels, as the operations and analytics tools grade findings."""


class EventRef(TypedDict):
    """The event a result is about."""

    id: int
    name: str
    starts_on: str
