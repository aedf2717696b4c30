"""Issue 9: a count of cancelled or refunded orders counts those, and a named ticket type
splits the figure by ticket type so the answer can state that type's number."""

from __future__ import annotations

import pytest

from adapters.offline.enums import enum_value

METRICS = ["tickets_sold", "revenue", "orders", "refunds", "cancellations"]
GROUPS = ["day", "week", "month", "ticket_type", "channel"]


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("how many orders got cancelled?", "cancellations"),
        ("cancelled orders this month", "cancellations"),
        ("how many tickets were refunded?", "refunds"),
        ("how many orders did we get?", "orders"),
        ("tickets sold by channel", "tickets_sold"),
    ],
)
def test_a_narrower_metric_wins_over_the_general_one(text: str, metric: str) -> None:
    assert enum_value("metric", METRICS, text) == metric


@pytest.mark.parametrize(
    ("text", "group"),
    [("vip tickets sold?", "ticket_type"), ("how many early bird tickets?", "ticket_type")],
)
def test_a_named_ticket_type_groups_by_ticket_type(text: str, group: str) -> None:
    assert enum_value("group_by", GROUPS, text) == group


def test_no_ticket_type_named_no_grouping() -> None:
    assert enum_value("group_by", GROUPS, "how many tickets have we sold?") is None
