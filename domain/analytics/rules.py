"""Recommendation rules for ticket sales, anomalies and campaigns.

Each rule takes an EventSnapshot and returns action specs (the keyword arguments of
``recommendations.Action``). Ticket sales 40%+ below target with under 30 days to go
is critical (seed 000); the campaign thresholds live in ``campaigns``.
"""

from __future__ import annotations

from typing import Any

from domain.analytics.action_titles import titled
from domain.analytics.campaigns import CLICK_RATE_MIN, OPEN_RATE_MIN, CampaignPerformance
from domain.analytics.snapshot import EventSnapshot

Spec = dict[str, Any]
MAX_UPLIFT = 2.0
"""Cap on the relative lift a campaign fix is credited with."""


def _value_per_ticket(s: EventSnapshot) -> float:
    sold = s.attendance["sold_so_far"]
    return float(s.revenue["net_revenue"]) / sold if sold else 0.0


def ticket_pace(s: EventSnapshot) -> list[Spec]:
    """Forecast below target: push ticket sales (marketing)."""
    a = s.attendance
    target, point, days = a["target"], a["forecast"]["point"], a["days_to_event"]
    gap = target - point
    if days < 0 or gap <= 0:
        return []
    shortfall = 100 * gap / target
    severity = (
        "critical" if shortfall >= 40 and days < 30 else "high" if shortfall >= 10 else "medium"
    )
    needed = (target - a["sold_so_far"]) / (days + 1)
    per_ticket = _value_per_ticket(s)
    return [
        {
            **titled("ticket_gap", gap=gap),
            "detail": f"Forecast {point:,} tickets (80%: {a['forecast']['low']:,}-"
            f"{a['forecast']['high']:,}) against a target of {target:,}; "
            f"{100 * a['probability_reach_target']:.0f}% chance of reaching it. Reaching "
            f"it needs {needed:.0f} tickets/day for {days + 1} days against "
            f"{a['velocity']['last_7_days_per_day']:.0f}/day this week.",
            "owner": "marketing",
            "severity": severity,
            "impact_usd": round(gap * per_ticket, 2),
            "impact": f"{gap:,} tickets, about ${gap * per_ticket:,.0f} of ticket revenue",
            "evidence": {
                "forecast": a["forecast"],
                "target": target,
                "shortfall_pct": round(shortfall, 1),
                "needed_per_day": round(needed, 1),
                "velocity": a["velocity"],
            },
        }
    ]


def capacity(s: EventSnapshot) -> list[Spec]:
    """Forecast may exceed the venue: plan capacity (operations)."""
    a = s.attendance
    chance = a["probability_exceed_capacity"]
    if a["forecast"]["high"] <= a["capacity"]:
        return []
    return [
        {
            **titled("sell_out"),
            "detail": f"80% interval tops out at {a['forecast']['high']:,} tickets against "
            f"capacity {a['capacity']:,} ({100 * chance:.0f}% chance of exceeding it).",
            "owner": "operations",
            "severity": "high" if chance >= 0.2 else "medium",
            "impact_usd": 0.0,
            "impact": "avoid overselling the venue",
            "evidence": {"forecast": a["forecast"], "capacity": a["capacity"]},
        }
    ]


def anomalies(s: EventSnapshot) -> list[Spec]:
    """Cancellation/refund spikes (support), drops in sales or traffic (marketing)."""
    specs: list[Spec] = []
    aov = float(s.revenue["average_order_value"])
    seen_spike_days: set[str] = set()
    for a in s.anomalies["anomalies"]:
        day = str(a["date"])
        if a["series"] in ("cancellations", "refunds") and a["direction"] == "spike":
            if day in seen_spike_days:
                continue
            seen_spike_days.add(day)
            excess = max(a["value"] - a["expected"], 0)
            specs.append(
                {
                    **titled("series_spike", series=a["series"], day=day),
                    "detail": f"{a['value']:.0f} {a['series']} against about {a['expected']:.1f} "
                    f"expected (robust z {a['z']:.1f}). Find the common cause (buyers, "
                    "channel, ticket type) and contact those customers.",
                    "owner": "support",
                    "severity": a["severity"],
                    "impact_usd": round(excess * aov, 2),
                    "impact": f"about {excess:.0f} orders (${excess * aov:,.0f}) lost",
                    "evidence": a,
                }
            )
        elif a["direction"] == "drop":
            specs.append(
                {
                    **titled("series_drop", series=a["series"], day=day),
                    "detail": f"{a['value']:.0f} against about {a['expected']:.0f} expected "
                    f"(robust z {a['z']:.1f}). Check site, checkout and campaign delivery.",
                    "owner": "marketing",
                    "severity": a["severity"],
                    "impact_usd": 0.0,
                    "impact": "restore the normal daily level",
                    "evidence": a,
                }
            )
    return specs


def campaigns(s: EventSnapshot) -> list[Spec]:
    """Seed 000's campaign rules: subject test, new CTA, scale budget."""
    days_left = max(s.attendance["days_to_event"], 0)
    aov = float(s.revenue["average_order_value"])
    specs: list[Spec] = []
    for c in s.campaigns:
        per_day = c.conversions / c.days if c.days else 0.0
        value = float(c.revenue) / c.conversions if c.conversions else aov
        for flag in c.flags:
            spec = _campaign_action(c, flag, per_day * days_left * value)
            if spec is not None:
                specs.append(spec)
    return specs


def _campaign_action(c: CampaignPerformance, flag: str, run_rate_usd: float) -> Spec | None:
    rates = {
        "open_rate": c.open_rate,
        "click_rate": c.click_rate,
        "conversion_rate": c.conversion_rate,
        "engagement_rate": c.engagement_rate,
    }
    evidence = {
        "campaign_id": c.campaign_id,
        "channel": c.channel,
        **{k: round(v, 4) for k, v in rates.items() if v is not None},
        "spend": c.spend,
        "budget": c.budget,
        "conversions": c.conversions,
    }
    if flag == "low_open_rate" and c.open_rate:
        lift = min(OPEN_RATE_MIN / c.open_rate - 1, MAX_UPLIFT)
        what, rule = f"open rate {c.open_rate:.1%} < 25%", "subject_test"
    elif flag == "low_click_rate" and c.click_rate:
        lift = min(CLICK_RATE_MIN / c.click_rate - 1, MAX_UPLIFT)
        what, rule = f"click rate {c.click_rate:.1%} < 3%", "new_cta"
    elif flag == "high_conversion_rate" and c.conversion_rate:
        lift = 0.5
        what = f"conversion rate {c.conversion_rate:.1%} > 5%"
        rule = "scale_campaign"
    elif flag == "over_budget":
        return {
            **titled("over_budget_campaign", campaign=c.name),
            "owner": "marketing",
            "detail": f"Spent ${c.spend:,.0f} of a ${c.budget:,.0f} budget.",
            "severity": "medium",
            "impact_usd": float(c.spend - c.budget),
            "impact": "overspend to recover",
            "evidence": evidence,
        }
    elif flag == "low_engagement_rate" and c.engagement_rate is not None:
        lift, what = 0.0, f"engagement rate {c.engagement_rate:.1%} < 8%"
        rule = "refresh_creative"
    else:
        return None
    gain = run_rate_usd * lift
    return {
        **titled(rule, campaign=c.name),
        "owner": "marketing",
        "detail": f"{c.name} ({c.channel}): {what}. At its current run rate it brings about "
        f"${run_rate_usd:,.0f} more before the event; this could add {lift:.0%}.",
        "severity": "high" if flag == "high_conversion_rate" else "medium",
        "impact_usd": round(gain, 2),
        "impact": f"about ${gain:,.0f} more revenue",
        "evidence": evidence,
    }
