"""The allow-list of metrics query_database can aggregate, and how each is measured.

A metric loads *facts*: a date (or None for undated ones such as pipeline value), the
dimensions it can be grouped by, and a value. Nothing here takes SQL from a caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.analytics.metric_facts import (
    Loader,
    attendee_facts,
    campaign_facts,
    order_facts,
    pipeline_facts,
    refund_facts,
    sponsor_facts,
    traffic_facts,
)


class Metric(StrEnum):
    """Metrics the analytics agent may query."""

    TICKETS_SOLD = "tickets_sold"
    REVENUE = "revenue"
    ORDERS = "orders"
    REFUNDS = "refunds"
    CANCELLATIONS = "cancellations"
    TRAFFIC_SESSIONS = "traffic_sessions"
    PAGE_VIEWS = "page_views"
    CHECKOUT_STARTS = "checkout_starts"
    CAMPAIGN_SENDS = "campaign_sends"
    CAMPAIGN_OPENS = "campaign_opens"
    CAMPAIGN_CLICKS = "campaign_clicks"
    CONVERSIONS = "conversions"
    CAMPAIGN_SPEND = "campaign_spend"
    PIPELINE_VALUE = "pipeline_value"
    SPONSORS_CONFIRMED = "sponsors_confirmed"
    ATTENDEES = "attendees"


class GroupBy(StrEnum):
    """Ways to group a metric (each metric allows some of them)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    HALF_MONTH = "half_month"
    """The 1st-15th and the 16th-end of each month (labelled by their first day)."""
    TICKET_TYPE = "ticket_type"
    CHANNEL = "channel"
    CAMPAIGN = "campaign"
    STAGE = "stage"
    INDUSTRY = "industry"
    PACKAGE = "package"
    COMPANY = "company"
    JOB_TITLE = "job_title"


TIME = frozenset({GroupBy.DAY, GroupBy.WEEK, GroupBy.HALF_MONTH, GroupBy.MONTH})
SALES = TIME | {GroupBy.TICKET_TYPE, GroupBy.CHANNEL}


@dataclass(frozen=True)
class MetricSpec:
    """How one metric is measured: unit, allowed groupings and its fact loader."""

    unit: str
    groups: frozenset[GroupBy]
    load: Loader
    meaning: str
    counted: str = ""
    """What one fact is when the metric sums amounts of countable records ("refunds"):
    "how many refunds, and how much?" asks for both, so the result also counts them."""


CAMPAIGN_GROUPS = TIME | {GroupBy.CAMPAIGN, GroupBy.CHANNEL}
PIPELINE_GROUPS = TIME | {GroupBy.STAGE, GroupBy.INDUSTRY, GroupBy.PACKAGE}
SPONSOR_GROUPS = frozenset({GroupBy.INDUSTRY, GroupBy.PACKAGE})
AUDIENCE_GROUPS = TIME | {GroupBy.INDUSTRY, GroupBy.COMPANY, GroupBy.JOB_TITLE, GroupBy.TICKET_TYPE}


def _orders(value: str) -> Loader:
    return lambda scope, event: order_facts(scope, event, value)


METRICS: dict[Metric, MetricSpec] = {
    Metric.TICKETS_SOLD: MetricSpec(
        "tickets", SALES, _orders("tickets"), "tickets in orders still valid, by order date"
    ),
    Metric.REVENUE: MetricSpec(
        "USD", SALES, _orders("revenue"), "order amounts net of refunds, by order date"
    ),
    Metric.ORDERS: MetricSpec(
        "orders", SALES, _orders("orders"), "orders placed (any status), by order date"
    ),
    Metric.REFUNDS: MetricSpec(
        "USD", SALES, refund_facts, "processed refunds, by request date", counted="refunds"
    ),
    Metric.CANCELLATIONS: MetricSpec(
        "orders", SALES, _orders("cancellations"), "orders cancelled, by cancellation date"
    ),
    Metric.TRAFFIC_SESSIONS: MetricSpec(
        "sessions", TIME, traffic_facts("sessions"), "site sessions"
    ),
    Metric.PAGE_VIEWS: MetricSpec("views", TIME, traffic_facts("page_views"), "site page views"),
    Metric.CHECKOUT_STARTS: MetricSpec(
        "checkouts", TIME, traffic_facts("checkout_starts"), "checkouts started"
    ),
    Metric.CAMPAIGN_SENDS: MetricSpec(
        "emails", CAMPAIGN_GROUPS, campaign_facts("sent"), "campaign emails sent"
    ),
    Metric.CAMPAIGN_OPENS: MetricSpec(
        "opens", CAMPAIGN_GROUPS, campaign_facts("opens"), "campaign email opens"
    ),
    Metric.CAMPAIGN_CLICKS: MetricSpec(
        "clicks", CAMPAIGN_GROUPS, campaign_facts("clicks"), "campaign clicks"
    ),
    Metric.CONVERSIONS: MetricSpec(
        "conversions", CAMPAIGN_GROUPS, campaign_facts("conversions"), "campaign conversions"
    ),
    Metric.CAMPAIGN_SPEND: MetricSpec(
        "USD", CAMPAIGN_GROUPS, campaign_facts("spend"), "campaign spend"
    ),
    Metric.PIPELINE_VALUE: MetricSpec(
        "USD", PIPELINE_GROUPS, pipeline_facts, "sponsorship deal value (all stages), by creation"
    ),
    Metric.SPONSORS_CONFIRMED: MetricSpec(
        "sponsors", SPONSOR_GROUPS, sponsor_facts, "confirmed sponsors (undated)"
    ),
    Metric.ATTENDEES: MetricSpec(
        "attendees", AUDIENCE_GROUPS, attendee_facts, "ticket holders on valid orders"
    ),
}
