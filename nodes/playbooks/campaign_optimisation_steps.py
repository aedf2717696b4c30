"""The campaign optimisation's decisions, from the marketing tools' results.

Seed 000 ``optimize_campaign_continuously``: open rate below 25% → A/B test subject lines;
click rate below 3% → new calls to action (goal ``increase_clicks``); conversion rate above
5% → scale the budget ×1.5. Rates are the last 7 days' (``monitor_metrics``) and a rule
acts only on enough deliveries (``MIN_REACH``). There is no budget tool, so scaling is a
recommendation for a human, never an action.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from domain.marketing.posting import PLATFORM_LIMITS
from domain.marketing.thresholds import (
    BUDGET_MULTIPLIER,
    LOW_CLICK_RATE,
    LOW_OPEN_RATE,
    MIN_REACH,
    SCALE_CONVERSION_RATE,
)
from domain.marketing.timing import next_slot
from graphs.state import PendingAction
from nodes.actions import pending_action
from tools.results.marketing import CampaignRates, ContentItem, MonitoredCampaign, TimingSlot

PLATFORM_NAMES = {
    "linkedin": "LinkedIn",
    "x": "X",
    "facebook": "Facebook",
    "instagram": "Instagram",
}
AB_TEST_VARIANTS = 3
CTA_VARIANTS = 3


def mentioned_campaigns(campaigns: list[MonitoredCampaign], *texts: str) -> list[MonitoredCampaign]:
    """The monitored campaigns a request names (case-insensitive); all when it names none."""
    lowered = " ".join(texts).lower()
    named = [c for c in campaigns if c["campaign"]["name"].lower() in lowered]
    return named or campaigns


def decide(entry: MonitoredCampaign) -> list[dict[str, Any]]:
    """The seed's optimisations one monitored campaign triggers, in rule order."""
    rates, totals = entry["rates"], entry["totals"]
    campaign = entry["campaign"]
    if totals["delivered"] < MIN_REACH:
        return []
    found: list[dict[str, Any]] = []
    opened, clicked, converted = rates["open_rate"], rates["click_rate"], rates["conversion_rate"]
    if opened is not None and opened < LOW_OPEN_RATE:
        reason = f"open rate {opened:.1%} is below {LOW_OPEN_RATE:.0%}"
        found.append({"action": "subject_line_ab_test", "reason": reason})
    if clicked is not None and clicked < LOW_CLICK_RATE:
        reason = f"click rate {clicked:.1%} is below {LOW_CLICK_RATE:.0%}"
        found.append({"action": "new_call_to_action", "reason": reason})
    if converted is not None and converted > SCALE_CONVERSION_RATE:
        budget = Decimal(str(campaign["budget"]))
        found.append(
            {
                "action": "scale_budget",
                "reason": f"conversion rate {converted:.1%} is above {SCALE_CONVERSION_RATE:.0%}",
                "multiplier": float(BUDGET_MULTIPLIER),
                "current_budget": float(budget),
                "proposed_budget": float((budget * BUDGET_MULTIPLIER).quantize(Decimal("0.01"))),
                "requires_approval": True,
            }
        )
    return found


def tool_call_for(decision: str, campaign_id: int) -> tuple[str, dict[str, Any]] | None:
    """The DRAFT tool and arguments that carry out a decision (None: human decides)."""
    if decision == "subject_line_ab_test":
        return "ab_test", {
            "mode": "design",
            "campaign_id": campaign_id,
            "test_type": "subject_line",
            "variants": AB_TEST_VARIANTS,
        }
    if decision == "new_call_to_action":
        return "generate_content", {
            "campaign_id": campaign_id,
            "kind": "cta",
            "variants": CTA_VARIANTS,
            "optimization_goal": "increase_clicks",
        }
    return None


def platform_of(campaign_name: str) -> str:
    """The social platform a campaign's name points to; LinkedIn by default."""
    lowered = f" {campaign_name.lower()} "
    for platform in ("linkedin", "instagram", "facebook"):
        if platform in lowered:
            return platform
    if " x " in lowered or "twitter" in lowered:
        return "x"
    return "linkedin"


def post_action(
    step_id: str,
    campaign: dict[str, Any],
    best: TimingSlot,
    copy: ContentItem,
    now: datetime,
) -> PendingAction | None:
    """A pending ``schedule_post`` at the campaign's best slot, or None without one."""
    weekday, hour = best.get("weekday_index"), best.get("hour_utc")
    platform = platform_of(campaign["name"])
    if weekday is None or hour is None or len(copy["body"]) > PLATFORM_LIMITS[platform]:
        return None
    at = next_slot(weekday, hour, now)
    return pending_action(
        step_id=step_id,
        department="marketing",
        tool="schedule_post",
        args={
            "platform": platform,
            "text": copy["body"],
            "at": at.isoformat(),
            "campaign_id": campaign["id"],
            "content_id": copy["id"],
        },
        summary=f"Post on {PLATFORM_NAMES[platform]} for '{campaign['name']}' "
        f"on {at:%A %d %B at %H:%M} UTC",
        facts={"basis": best.get("basis"), "engagement_rate": best.get("engagement_rate")},
    )


def rates_view(rates: CampaignRates) -> dict[str, float | None]:
    """Only the four rates the seed's criteria use."""
    return {
        "open_rate": rates["open_rate"],
        "click_rate": rates["click_rate"],
        "conversion_rate": rates["conversion_rate"],
        "engagement_rate": rates["engagement_rate"],
    }


def pct(value: float | None) -> str:
    """'18.4%' or 'n/a'."""
    return "n/a" if value is None else f"{value:.1%}"
