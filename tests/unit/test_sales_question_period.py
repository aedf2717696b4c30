"""'What did sales look like last week' is the week's ticket sales, for that week.

For an events business "sales" on its own means tickets sold; the period the question
names becomes the query's date range, so the answer can state it. Requests of my own.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from adapters.offline.argument_fill import fill_arguments
from adapters.offline.enums import enum_value
from adapters.offline.planner import make_plan

sys.path.insert(0, str(Path(__file__).parent))
from test_offline_picker import picker, request


@pytest.mark.parametrize(
    ("text", "date_from", "date_to"),
    [
        ("what did sales look like last week", "2026-08-24", "2026-08-30"),
        ("sales in July, roughly?", "2026-07-01", "2026-07-31"),
    ],
)
def test_sales_over_a_period_are_tickets_sold_in_that_period(
    text: str, date_from: str, date_to: str
) -> None:
    tools = picker("analytics")
    plan = make_plan(tools, request(text))
    args = fill_arguments(tools.tools["query_database"], request(text)).args

    assert plan.primary == "query_database"
    assert (args["metric"], args["date_from"], args["date_to"]) == (
        "tickets_sold",
        date_from,
        date_to,
    )


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("sales by week", "tickets_sold"),
        ("the sales pipeline by stage", "pipeline_value"),
        ("how many sales deals are open in the pipeline", "pipeline_value"),
    ],
)
def test_sales_means_tickets_unless_it_is_the_sales_pipeline(text: str, metric: str) -> None:
    metrics = picker("analytics").tools["query_database"].properties["metric"]
    values = metrics.get("enum") or []
    assert enum_value("metric", values, text) == metric
