"""Analytics tools: safe metric queries, forecasts, revenue, anomalies, actions, reports.

Every tool is read-only and computes from the business database; none takes SQL.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from pydantic import Field

from domain.analytics.attendance import predict_attendance as forecast_attendance
from domain.analytics.detection import identify_anomalies as detect
from domain.analytics.metrics import METRICS, GroupBy, Metric
from domain.analytics.query import MAX_RANGE_DAYS, query_metric
from domain.analytics.recommendations import recommend_actions as recommend
from domain.analytics.report import build_report, render_report
from domain.analytics.revenue import analyze_revenue as revenue_analysis
from domain.analytics.series import DailySeries
from domain.models import Department
from domain.scope import Scope
from prompts.loader import template_sections
from tools.common import EventArgs
from tools.registry import Effect, register

DEPT = Department.ANALYTICS
METRIC_HELP = "\n".join(
    f"- {m.value}: {spec.meaning}; group_by {', '.join(sorted(g.value for g in spec.groups))}"
    for m, spec in METRICS.items()
)


@lru_cache
def report_template() -> str:
    """The ``## body`` block of ``prompts/analytics_report.md``."""
    return template_sections("analytics_report")["body"]


class QueryDatabaseArgs(EventArgs):
    """One allow-listed metric, optionally grouped and limited to a date range."""

    metric: Metric = Field(description="What to measure; see the tool description.")
    group_by: GroupBy | None = Field(
        default=None, description="How to split the total; omit for a single total."
    )
    date_from: date | None = Field(default=None, description="First day included (YYYY-MM-DD).")
    date_to: date | None = Field(default=None, description="Last day included (YYYY-MM-DD).")
    limit: int = Field(default=100, ge=1, le=500, description="Most rows to return.")


@register(
    "query_database",
    departments=DEPT,
    effect=Effect.READ,
    args=QueryDatabaseArgs,
    description=f"""
Aggregate one business metric for an event, optionally grouped and date-bounded. This
is a safe structured query, not SQL. Use it for "how many / how much / by what" questions.
Dates are inclusive and may span at most {MAX_RANGE_DAYS} days. Returns rows
[{{group, value}}] (time groups oldest first, others largest first), the total, the unit
and whether rows were truncated. Metrics, what they count and their allowed group_by:
{METRIC_HELP}
""",
)
def query_database(scope: Scope, args: QueryDatabaseArgs) -> dict[str, Any]:
    """Aggregate one metric."""
    return query_metric(
        scope,
        args.metric,
        group_by=args.group_by,
        date_from=args.date_from,
        date_to=args.date_to,
        event_id=args.event_id,
        limit=args.limit,
    )


@register(
    "predict_attendance",
    departments=DEPT,
    effect=Effect.READ,
    args=EventArgs,
    description="""
Forecast an event's final ticket count and attendance. Use it for "will we hit target",
"how many will come" or capacity questions. Scales last edition's sales curve (aligned
by days before the event) to this one; falls back to recent sales velocity when there is
no completed previous edition. Returns the point forecast with an 80% interval (low,
high), method, days to event, tickets sold so far, target, probability of reaching the
target and of exceeding capacity, recent velocity, expected show-up (tickets x show
rate) and cumulative sales every week beside last edition's.
""",
)
def predict_attendance(scope: Scope, args: EventArgs) -> dict[str, Any]:
    """Ticket and attendance forecast."""
    return forecast_attendance(scope, args.event_id)


class AnalyzeRevenueArgs(EventArgs):
    """Which event, and how many recent days the daily trend lists."""

    trend_days: int = Field(default=28, ge=7, le=90, description="Days in the daily trend.")


@register(
    "analyze_revenue",
    departments=DEPT,
    effect=Effect.READ,
    args=AnalyzeRevenueArgs,
    description="""
Analyse an event's ticket revenue up to yesterday. Use it for revenue, pricing-mix,
refund or "will we reach the revenue target" questions. Returns gross bookings, refunds
and net revenue; net revenue by ticket type and by channel; the daily trend; the
projected final revenue with an 80% interval and probability of reaching the revenue
target; average order value and refund rate.
""",
)
def analyze_revenue(scope: Scope, args: AnalyzeRevenueArgs) -> dict[str, Any]:
    """Revenue analysis and projection."""
    return revenue_analysis(scope, args.event_id, trend_days=args.trend_days)


class IdentifyAnomaliesArgs(EventArgs):
    """Which series to scan, over how many days, and how strict to be."""

    series: list[DailySeries] | None = Field(
        default=None, min_length=1, description="Series to scan; omit for all of them."
    )
    lookback_days: int = Field(default=60, ge=7, le=365, description="Recent days to report.")
    window: int = Field(default=14, ge=7, le=56, description="Trailing baseline in days.")
    threshold: float = Field(
        default=3.5, ge=2.0, le=10.0, description="Robust |z| that counts as anomalous."
    )


@register(
    "identify_anomalies",
    departments=DEPT,
    effect=Effect.READ,
    args=IdentifyAnomaliesArgs,
    description="""
Detect unusual days in an event's daily series: tickets_sold, orders, cancellations,
refunds, traffic_sessions, checkout_starts. Use it to explain sudden changes or for the
daily insights check. Each day is scored against the median and MAD of the days before
it (sales and traffic weekday-adjusted). Returns anomalies newest first with date,
series, value, expected, robust z, direction (spike/drop) and severity, plus a
per-series summary.
""",
)
def identify_anomalies(scope: Scope, args: IdentifyAnomaliesArgs) -> dict[str, Any]:
    """Robust anomaly scan."""
    return detect(
        scope,
        args.event_id,
        series=args.series,
        lookback_days=args.lookback_days,
        window=args.window,
        threshold=args.threshold,
    )


class RecommendActionsArgs(EventArgs):
    """Which event, and how many actions to return."""

    limit: int = Field(default=10, ge=1, le=25, description="Most actions to return.")


@register(
    "recommend_actions",
    departments=DEPT,
    effect=Effect.READ,
    args=RecommendActionsArgs,
    description="""
Recommend ranked actions for an event from its analyses: ticket pace against target,
anomalies (e.g. cancellation spikes), campaign rates against the thresholds (open < 25%:
test subject lines; click < 3%: new call to action; conversion > 5%: scale budget),
budget overruns, overdue deliverables, unconfirmed vendors and late-stage sponsorship
deals. Returns actions ranked by severity then dollar impact, each with owner department
(sales, marketing, operations, support), impact estimate and evidence. It only
recommends; other departments' tools carry the actions out.
""",
)
def recommend_actions(scope: Scope, args: RecommendActionsArgs) -> dict[str, Any]:
    """Ranked recommendations."""
    return recommend(scope, args.event_id, limit=args.limit)


class GenerateReportArgs(EventArgs):
    """Which event, and how many priority actions the report lists."""

    top_actions: int = Field(default=5, ge=1, le=10, description="Priority actions to list.")


@register(
    "generate_report",
    departments=DEPT,
    effect=Effect.READ,
    args=GenerateReportArgs,
    description="""
Write the executive analytics report for an event. Use it for daily insights, a status
summary or "give me the big picture". Returns Markdown (executive summary of 3-5 key
insights; sections on ticket sales, marketing, revenue, audience demographics, sponsors
and pipeline, operations; priority actions) plus the insights, actions and the
structured data behind them. Every number is computed from the database.
""",
)
def generate_report(scope: Scope, args: GenerateReportArgs) -> dict[str, Any]:
    """Executive report as Markdown and data."""
    report = build_report(scope, args.event_id, top_actions=args.top_actions)
    markdown = render_report(report_template(), report)
    return {
        "markdown": markdown,
        **{k: v for k, v in report.items() if k != "sections"},
    }
