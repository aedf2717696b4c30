"""Seed 000's operations severity rules on plain dates and numbers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.operations.severity import (
    Severity,
    budget_line_severity,
    deliverable_severity,
    sales_gap_severity,
    vendor_severity,
    worst,
)

TODAY = date(2026, 9, 1)


@pytest.mark.parametrize(
    ("status", "due_in", "expected"),
    [
        ("in_progress", -5, Severity.CRITICAL),
        ("in_progress", -3, Severity.CRITICAL),  # overdue by exactly 3 days
        ("in_progress", -2, Severity.HIGH),
        ("not_started", -1, Severity.HIGH),
        ("blocked", 10, Severity.HIGH),
        ("in_progress", 0, Severity.MEDIUM),
        ("in_progress", 2, Severity.MEDIUM),
        ("not_started", 6, Severity.MEDIUM),
        ("in_progress", 6, Severity.LOW),
        ("done", -10, Severity.LOW),
    ],
)
def test_deliverable_severity(status: str, due_in: int, expected: Severity) -> None:
    assert deliverable_severity(status, TODAY + timedelta(days=due_in), TODAY) is expected


@pytest.mark.parametrize(
    ("gap", "days", "expected"),
    [
        (-40.0, 29, Severity.CRITICAL),
        (-55.0, 10, Severity.CRITICAL),
        (-40.0, 30, Severity.HIGH),  # 30 days is not "under 30 days"
        (-39.9, 10, Severity.HIGH),
        (-20.0, 60, Severity.HIGH),
        (-10.0, 60, Severity.MEDIUM),
        (-9.9, 5, Severity.LOW),
        (15.0, 5, Severity.LOW),
    ],
)
def test_sales_gap_severity(gap: float, days: int, expected: Severity) -> None:
    assert sales_gap_severity(gap, days) is expected


@pytest.mark.parametrize(
    ("variance", "with_committed", "expected"),
    [
        (15.0, 25.0, Severity.CRITICAL),
        (10.0, 11.0, Severity.HIGH),
        (10.0, 10.0, Severity.MEDIUM),
        (-5.0, 2.0, Severity.MEDIUM),
        (-40.0, -30.0, Severity.LOW),
    ],
)
def test_budget_line_severity(variance: float, with_committed: float, expected: Severity) -> None:
    assert budget_line_severity(variance, with_committed) is expected


@pytest.mark.parametrize(
    ("status", "confirm_in", "expected"),
    [
        ("cancelled", 30, Severity.CRITICAL),
        ("pending", -1, Severity.CRITICAL),
        ("pending", 0, Severity.HIGH),
        ("pending", 14, Severity.HIGH),
        ("pending", 15, Severity.LOW),
        ("confirmed", -20, Severity.LOW),
    ],
)
def test_vendor_severity(status: str, confirm_in: int, expected: Severity) -> None:
    assert vendor_severity(status, TODAY + timedelta(days=confirm_in), TODAY) is expected


def test_worst_of_levels() -> None:
    assert worst([Severity.LOW, Severity.CRITICAL, Severity.HIGH]) is Severity.CRITICAL
    assert worst([]) is Severity.LOW
