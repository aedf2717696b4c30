"""Severity levels and the seed-000 rules that assign them.

Seed 000's critical criteria: a deliverable overdue by 3+ days, ticket sales 40%+
below target with under 30 days to the event, a budget overrun above 10%, a vendor
cancellation. Everything below critical is graded here so every check speaks the
same four levels.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum


class Severity(StrEnum):
    """How urgently a finding needs attention, lowest first."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for low up to 3 for critical."""
        return list(Severity).index(self)


def worst(levels: Iterable[Severity]) -> Severity:
    """The most severe level, low when there are none."""
    return max(levels, key=lambda s: s.rank, default=Severity.LOW)


def deliverable_severity(status: str, due_on: date, today: date) -> Severity:
    """Overdue 3+ days → critical, 1–2 days → high; blocked → high; due within 2 days → medium."""
    if status == "done":
        return Severity.LOW
    days_overdue = (today - due_on).days
    if days_overdue >= 3:
        return Severity.CRITICAL
    if days_overdue >= 1 or status == "blocked":
        return Severity.HIGH
    if days_overdue >= -2 or (days_overdue >= -7 and status == "not_started"):
        return Severity.MEDIUM
    return Severity.LOW


def sales_gap_severity(gap_pct: float, days_to_event: int) -> Severity:
    """Grade tickets sold against target pace; ``gap_pct`` is negative when behind.

    40%+ behind with under 30 days to go is critical (seed 000); 40%+ behind earlier,
    or 20%+ behind, is high; 10%+ behind is medium; anything better is low.
    """
    if gap_pct <= -40 and days_to_event < 30:
        return Severity.CRITICAL
    if gap_pct <= -20:
        return Severity.HIGH
    if gap_pct <= -10:
        return Severity.MEDIUM
    return Severity.LOW


def budget_line_severity(variance_pct: float, committed_variance_pct: float) -> Severity:
    """Over plan by more than 10% → critical (seed 000); heading there with commitments → high."""
    if variance_pct > 10:
        return Severity.CRITICAL
    if committed_variance_pct > 10:
        return Severity.HIGH
    if variance_pct > 0 or committed_variance_pct > 0:
        return Severity.MEDIUM
    return Severity.LOW


def vendor_severity(status: str, confirm_by: date, today: date) -> Severity:
    """Cancelled or past its confirmation date → critical; pending due within 14 days → high."""
    if status == "cancelled":
        return Severity.CRITICAL
    if status != "pending":
        return Severity.LOW
    days_left = (confirm_by - today).days
    if days_left < 0:
        return Severity.CRITICAL
    if days_left <= 14:
        return Severity.HIGH
    return Severity.LOW
