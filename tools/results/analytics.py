"""Results of the analytics tools the daily insights read."""

from __future__ import annotations

from typing import Any

from typing_extensions import TypedDict

from tools.results import TypedTool
from tools.results.common import Severity


class TicketRange(TypedDict):
    """A ticket forecast: the point estimate and its interval (e.g. "80%")."""

    point: int
    low: int
    high: int
    interval: str


class AttendanceForecast(TypedDict):
    """``predict_attendance``: final tickets forecast against target and capacity."""

    event_id: int
    event: str
    as_of: str
    days_to_event: int
    sold_so_far: int
    target: int
    to_target: int | None
    """Tickets still to sell to reach the target (0 once it is reached)."""
    capacity: int
    forecast: TicketRange
    method: str
    probability_reach_target: float
    probability_exceed_capacity: float


class RevenueProjection(TypedDict):
    """Projected final net revenue, its interval and its distance from target."""

    point: float
    low: float
    high: float
    interval: str
    method: str
    vs_target_pct: float
    probability_reach_target: float


class RevenueAnalysis(TypedDict):
    """``analyze_revenue``: net revenue so far, breakdowns and the projection."""

    event_id: int
    event: str
    as_of: str
    currency: str
    gross_bookings: float
    refunded: float
    net_revenue: float
    revenue_target: float
    pct_of_target: float
    to_target: float
    """Net revenue still missing to reach the target (0 once it is reached)."""
    orders: int
    average_order_value: float
    projection: RevenueProjection


class Anomaly(TypedDict):
    """One unusual day in one daily series."""

    date: str
    series: str
    value: float
    expected: float
    z: float
    direction: str
    severity: Severity


class AnomalyReport(TypedDict):
    """``identify_anomalies``: unusual days across the daily series (window in from/to)."""

    event_id: int
    event: str
    method: str
    anomalies: list[Anomaly]


class RecommendedAction(TypedDict):
    """One recommended action; ``evidence`` holds the figures behind it, by kind."""

    rank: int
    title: str
    detail: str
    owner: str
    severity: Severity
    impact_usd: float
    impact: str
    evidence: dict[str, Any]
    rule: str
    title_values: dict[str, Any]


class ActionPlan(TypedDict):
    """``recommend_actions``: actions ranked by severity, then dollars at stake."""

    event_id: int
    event: str
    as_of: str
    actions: list[RecommendedAction]
    total_actions: int


PREDICT_ATTENDANCE = TypedTool("predict_attendance", AttendanceForecast)
ANALYZE_REVENUE = TypedTool("analyze_revenue", RevenueAnalysis)
IDENTIFY_ANOMALIES = TypedTool("identify_anomalies", AnomalyReport)
RECOMMEND_ACTIONS = TypedTool("recommend_actions", ActionPlan)
