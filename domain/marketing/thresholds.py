"""Seed 000's marketing success criteria and optimisation rules, as data and three functions.

Success criteria: open rate > 30%, click rate > 5%, conversion rate > 2%, social
engagement rate > 8%. Optimisation rules: open rate < 25% → A/B test subject lines;
click rate < 3% → generate new calls to action (goal ``increase_clicks``); conversion
rate > 5% → propose scaling the budget ×1.5 (a human approves spend).

The open, click and conversion criteria judge the email funnel, so they apply to
campaigns that delivered emails; the engagement criterion applies to campaigns with
impressions (social, paid). Rates are defined in ``domain.marketing.rates``. Criteria,
rules and alerts act only on enough evidence: ``MIN_REACH`` deliveries or impressions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain.marketing.rates import Totals

SUCCESS_CRITERIA: dict[str, float] = {
    "open_rate": 0.30,
    "click_rate": 0.05,
    "conversion_rate": 0.02,
    "engagement_rate": 0.08,
}
LOW_OPEN_RATE = 0.25
LOW_CLICK_RATE = 0.03
SCALE_CONVERSION_RATE = 0.05
BUDGET_MULTIPLIER = Decimal("1.5")
MIN_REACH = 100
ACTION_FLOORS = {"open_rate": LOW_OPEN_RATE, "click_rate": LOW_CLICK_RATE}


def _base(metric: str, totals: Totals) -> int:
    """The audience a criterion judges: impressions for engagement, deliveries otherwise."""
    return totals.impressions if metric == "engagement_rate" else totals.delivered


def has_evidence(metric: str, totals: Totals) -> bool:
    """Whether the audience behind ``metric`` is large enough to act on."""
    return _base(metric, totals) >= MIN_REACH


def success_check(totals: Totals) -> list[dict[str, Any]]:
    """Each applicable success criterion with the campaign's value and whether it is met."""
    rates = totals.rates()
    checks = []
    for metric, target in SUCCESS_CRITERIA.items():
        value = rates[metric]
        if value is not None and _base(metric, totals) > 0:
            checks.append(
                {
                    "metric": metric,
                    "value": value,
                    "target": target,
                    "met": value > target,
                    "enough_data": has_evidence(metric, totals),
                }
            )
    return checks


def recommendations(campaign_id: int, budget: Decimal, totals: Totals) -> list[dict[str, Any]]:
    """The seed's optimisations that the totals trigger, each naming the tool to call next."""
    rates = totals.rates()
    found: list[dict[str, Any]] = []
    if _below(rates["open_rate"], LOW_OPEN_RATE) and has_evidence("open_rate", totals):
        found.append(
            {
                "action": "subject_line_ab_test",
                "reason": f"open rate {rates['open_rate']:.1%} is below {LOW_OPEN_RATE:.0%}",
                "tool": "ab_test",
                "arguments": {
                    "mode": "design",
                    "campaign_id": campaign_id,
                    "test_type": "subject_line",
                    "variants": 3,
                },
            }
        )
    if _below(rates["click_rate"], LOW_CLICK_RATE) and has_evidence("click_rate", totals):
        found.append(
            {
                "action": "new_call_to_action",
                "reason": f"click rate {rates['click_rate']:.1%} is below {LOW_CLICK_RATE:.0%}",
                "tool": "generate_content",
                "arguments": {
                    "campaign_id": campaign_id,
                    "kind": "cta",
                    "variants": 3,
                    "optimization_goal": "increase_clicks",
                },
            }
        )
    conversion = rates["conversion_rate"]
    if (
        conversion is not None
        and conversion > SCALE_CONVERSION_RATE
        and has_evidence("conversion_rate", totals)
    ):
        found.append(
            {
                "action": "scale_budget",
                "reason": f"conversion rate {conversion:.1%} is above {SCALE_CONVERSION_RATE:.0%}",
                "tool": None,
                "multiplier": float(BUDGET_MULTIPLIER),
                "current_budget": budget,
                "proposed_budget": (budget * BUDGET_MULTIPLIER).quantize(Decimal("0.01")),
                "requires_approval": True,
            }
        )
    return found


def alerts(totals: Totals) -> list[dict[str, Any]]:
    """Threshold alerts on metrics with enough evidence.

    Severity: ``critical`` below an action threshold (open < 25%, click < 3%),
    ``warning`` below a success target only, ``info`` when conversion exceeds 5%.
    """
    found: list[dict[str, Any]] = []
    for check in success_check(totals):
        metric, value = check["metric"], check["value"]
        if check["met"] or not check["enough_data"]:
            continue
        floor = ACTION_FLOORS.get(metric)
        severity, threshold = (
            ("critical", floor) if _below(value, floor) else ("warning", check["target"])
        )
        found.append(
            {
                "metric": metric,
                "value": value,
                "threshold": threshold,
                "severity": severity,
                "message": f"{metric.replace('_', ' ')} {value:.1%} is below {threshold:.0%}",
            }
        )
    conversion = totals.rates()["conversion_rate"]
    if (
        conversion is not None
        and conversion > SCALE_CONVERSION_RATE
        and has_evidence("conversion_rate", totals)
    ):
        found.append(
            {
                "metric": "conversion_rate",
                "value": conversion,
                "threshold": SCALE_CONVERSION_RATE,
                "severity": "info",
                "message": f"conversion rate {conversion:.1%} is above "
                f"{SCALE_CONVERSION_RATE:.0%}: room to scale the budget",
            }
        )
    return found


def _below(value: float | None, floor: float | None) -> bool:
    return value is not None and floor is not None and value < floor
