"""The daily insights' selections, computed from the analytics tools' results.

Seed 000 ``generate_daily_insights``: an executive summary of 3-5 key insights,
opportunities, risks and anomalies, and priority actions ranked by impact. One candidate
insight per area (tickets, revenue, anomalies, marketing, sponsors, operations) carries a
severity and the dollars at stake; areas are ranked by severity, then dollars, the same
order ``recommend_actions`` uses, and the top five are the key insights.
"""

from __future__ import annotations

from typing import Any, TypedDict

from nodes.playbooks.playbook_kit import SEVERITY_RANK
from tools.results.analytics import (
    Anomaly,
    AttendanceForecast,
    RecommendedAction,
    RevenueAnalysis,
    RevenueProjection,
    TicketRange,
)

MAX_INSIGHTS = 5
MIN_INSIGHTS = 3
TOP_N = 5
MONEY_SERIES = frozenset({"cancellations", "refunds", "orders", "tickets_sold"})
CONVERSION_SCALE = 0.05
"""Seed 000: a campaign converting above 5% is an opportunity (scale it)."""

Insight = dict[str, Any]


class ForecastContext(TypedDict):
    """The attendance forecast's context figures, as the result data reports them."""

    days_to_event: int
    sold_so_far: int
    target: int
    capacity: int
    method: str


class ForecastView(ForecastContext):
    """What the insights keep of ``predict_attendance``: the context and the forecast."""

    forecast: TicketRange
    probability_reach_target: float


class RevenueView(TypedDict):
    """What the insights keep of ``analyze_revenue``."""

    net_revenue: float
    revenue_target: float
    pct_of_target: float
    average_order_value: float
    projection: RevenueProjection


def forecast_view(out: AttendanceForecast) -> ForecastView:
    """The forecast figures the insights use, from the tool's result."""
    return ForecastView(
        days_to_event=out["days_to_event"],
        sold_so_far=out["sold_so_far"],
        target=out["target"],
        capacity=out["capacity"],
        method=out["method"],
        forecast=out["forecast"],
        probability_reach_target=out["probability_reach_target"],
    )


def forecast_context(forecast: ForecastView) -> ForecastContext:
    """The context figures alone (the data's ``forecast_context``)."""
    return ForecastContext(
        days_to_event=forecast["days_to_event"],
        sold_so_far=forecast["sold_so_far"],
        target=forecast["target"],
        capacity=forecast["capacity"],
        method=forecast["method"],
    )


def revenue_view(out: RevenueAnalysis) -> RevenueView:
    """The revenue figures the insights use, from the tool's result."""
    return RevenueView(
        net_revenue=out["net_revenue"],
        revenue_target=out["revenue_target"],
        pct_of_target=out["pct_of_target"],
        average_order_value=out["average_order_value"],
        projection=out["projection"],
    )


def shortfall_severity(shortfall_pct: float, days_to_event: int) -> str:
    """Seed 000's ticket rule applied to a forecast: 40%+ short under 30 days is critical."""
    if shortfall_pct <= 0:
        return "low"
    if shortfall_pct >= 40 and days_to_event < 30:
        return "critical"
    return "high" if shortfall_pct >= 10 else "medium"


def value_per_ticket(forecast: ForecastView, revenue: RevenueView) -> float:
    """Net revenue per ticket sold so far (0 before the first sale)."""
    sold = forecast["sold_so_far"]
    return float(revenue["net_revenue"]) / sold if sold else 0.0


def tickets_insight(forecast: ForecastView, per_ticket: float) -> Insight:
    """Forecast against target, valued at today's revenue per ticket."""
    f, target = forecast["forecast"], forecast["target"]
    gap = f["point"] - target
    shortfall = -100 * gap / target if target else 0.0
    return {
        "area": "tickets",
        "kind": "risk" if gap < 0 else "opportunity",
        "severity": shortfall_severity(shortfall, forecast["days_to_event"]),
        "impact_usd": round(abs(gap) * per_ticket, 2),
        "title": f"Ticket forecast {abs(gap):,} {'short of' if gap < 0 else 'above'} target",
        "text": f"Tickets: forecast {f['point']:,} (80% {f['low']:,}-{f['high']:,}) against a "
        f"target of {target:,} ({gap:+,}) with {forecast['days_to_event']} days to go; "
        f"{100 * forecast['probability_reach_target']:.0f}% chance of reaching it.",
    }


def revenue_insight(revenue: RevenueView, days_to_event: int) -> Insight:
    """Projected revenue against target."""
    p, target = revenue["projection"], float(revenue["revenue_target"])
    gap = p["point"] - target
    return {
        "area": "revenue",
        "kind": "risk" if gap < 0 else "opportunity",
        "severity": shortfall_severity(-p["vs_target_pct"], days_to_event),
        "impact_usd": round(abs(gap), 2),
        "title": f"Revenue projected {p['vs_target_pct']:+.1f}% vs target",
        "text": f"Revenue: ${float(revenue['net_revenue']):,.0f} net so far, projected "
        f"${p['point']:,.0f} (80% ${p['low']:,.0f}-${p['high']:,.0f}; "
        f"{p['vs_target_pct']:+.1f}% vs the ${target:,.0f} target).",
    }


def anomaly_impact(anomaly: Anomaly, per_order: float, per_ticket: float) -> float:
    """Dollars behind an unusual day: the excess count times what one unit is worth."""
    if anomaly["series"] not in MONEY_SERIES:
        return 0.0
    unit = per_ticket if anomaly["series"] == "tickets_sold" else per_order
    return round(abs(anomaly["value"] - anomaly["expected"]) * unit, 2)


def top_anomalies(
    anomalies: list[Anomaly], per_order: float, per_ticket: float
) -> list[dict[str, Any]]:
    """The five most significant unusual days: severity, then |z|."""
    ranked = sorted(anomalies, key=lambda a: (-SEVERITY_RANK[a["severity"]], -abs(a["z"])))
    return [{**a, "impact_usd": anomaly_impact(a, per_order, per_ticket)} for a in ranked[:TOP_N]]


def anomaly_insight(anomalies: list[dict[str, Any]]) -> Insight:
    """The strongest anomaly, or a line saying there is none."""
    if not anomalies:
        return {
            "area": "anomalies",
            "kind": "anomaly",
            "severity": "low",
            "impact_usd": 0.0,
            "title": "No anomalies",
            "text": "Anomalies: no unusual days in the daily series.",
        }
    a = anomalies[0]
    return {
        "area": "anomalies",
        "kind": "anomaly",
        "severity": a["severity"],
        "impact_usd": a["impact_usd"],
        "title": f"{a['series'].replace('_', ' ').capitalize()} {a['direction']} on {a['date']}",
        "text": f"Anomaly: {a['value']:.0f} {a['series'].replace('_', ' ')} on {a['date']} "
        f"against about {a['expected']:.1f} expected ({a['direction']}, z {a['z']:.1f}).",
    }


def action_area(action: RecommendedAction) -> str:
    """Which insight area a recommended action belongs to, read from its evidence."""
    evidence = action.get("evidence") or {}
    if "series" in evidence:
        return "anomalies"
    if "forecast" in evidence and "target" in evidence:
        return "tickets"
    if "campaign_id" in evidence:
        return "marketing"
    if "deals" in evidence:
        return "sponsors"
    return str(action["owner"])


def action_kind(action: RecommendedAction) -> str:
    """Opportunity (scale a converting campaign, close late-stage deals) or risk."""
    evidence = action.get("evidence") or {}
    if float(evidence.get("conversion_rate") or 0) > CONVERSION_SCALE or "deals" in evidence:
        return "opportunity"
    return "risk"


def rank_key(item: Insight | RecommendedAction) -> tuple[int, float]:
    """Severity first, then dollars at stake (both descending)."""
    return (-SEVERITY_RANK[item["severity"]], -float(item["impact_usd"]))


def area_insights(actions: list[RecommendedAction]) -> list[Insight]:
    """One insight per remaining area: its best action and, if critical, the others."""
    by_area: dict[str, list[RecommendedAction]] = {}
    for action in actions:
        area = action_area(action)
        if area not in ("tickets", "anomalies"):
            by_area.setdefault(area, []).append(action)
    insights = []
    for area, items in by_area.items():
        items = sorted(items, key=rank_key)
        best = items[0]
        also = [x["title"] for x in items[1:] if x["severity"] == best["severity"]][:1]
        text = f"{area.capitalize()}: {best['title']}, impact {best['impact']}"
        insights.append(
            {
                "area": area,
                "kind": action_kind(best),
                "severity": best["severity"],
                "impact_usd": float(best["impact_usd"]),
                "title": best["title"],
                "text": text + (f"; also {also[0]}." if also else "."),
            }
        )
    return insights


def key_insights(candidates: list[Insight]) -> list[Insight]:
    """The 3-5 most important insights: severity, then dollars at stake."""
    ranked = sorted(candidates, key=rank_key)
    return ranked[: max(MIN_INSIGHTS, min(MAX_INSIGHTS, len(ranked)))]


def split_lists(
    candidates: list[Insight], actions: list[RecommendedAction]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Opportunities and risks from the area insights and every recommended action."""
    items = [
        {"title": c["title"], "area": c["area"], "severity": c["severity"], "kind": c["kind"],
         "impact_usd": c["impact_usd"]}
        for c in candidates if c["area"] in ("tickets", "revenue")
    ] + [
        {"title": a["title"], "area": action_area(a), "severity": a["severity"],
         "kind": action_kind(a), "impact_usd": float(a["impact_usd"])}
        for a in actions if action_area(a) not in ("tickets",)
    ]  # fmt: skip
    items.sort(key=rank_key)
    opportunities = [i for i in items if i["kind"] == "opportunity"][:TOP_N]
    risks = [i for i in items if i["kind"] == "risk" and i["severity"] != "low"][:TOP_N]
    return opportunities, risks


def requests_by_department(
    actions: list[RecommendedAction],
) -> dict[str, list[RecommendedAction]]:
    """Recommended actions grouped by the department that owns them (rank order kept)."""
    grouped: dict[str, list[RecommendedAction]] = {}
    for action in actions:
        owner = str(action["owner"])
        if owner != "analytics":
            grouped.setdefault(owner, []).append(action)
    return grouped
