"""Template values that compare campaigns on their results, for the campaign monitor.

"Rank our campaigns by conversions", "which gives the best return on ad spend", "what
have we spent on campaigns in total" ask for a result the monitor computes for each
campaign but whose line did not state it: each campaign's line now says its
conversions and ROAS, and one line adds the campaigns' budgets and spend together.
Every value comes from the tool's result; nothing is estimated.
"""

from __future__ import annotations

from typing import Any

from adapters.offline.facts import format_value

_CONVERSIONS = {"en": "conversions", "es": "conversiones", "fr": "conversions", "de": "Conversions"}


def campaign_results(campaigns: Any, language: str = "en") -> dict[str, str]:
    """``campaigns_<i>_results_part`` (", 446 conversions, ROAS 24.91", or "" when the
    campaign has neither) and ``campaigns_budget_total`` / ``campaigns_spend_total``."""
    if not isinstance(campaigns, list):
        return {}
    values: dict[str, str] = {}
    budgets: list[float] = []
    spends: list[float] = []
    for index, campaign in enumerate(campaigns):
        if not isinstance(campaign, dict):
            continue
        conversions = _number((campaign.get("totals") or {}).get("conversions"))
        economics = campaign.get("economics") or {}
        roas, spend = _number(economics.get("roas")), _number(economics.get("spend"))
        budget = _number((campaign.get("campaign") or {}).get("budget"))
        parts = []
        if conversions is not None:
            parts.append(f"{format_value(conversions)} {_CONVERSIONS.get(language, 'conversions')}")
        if roas is not None:
            parts.append(f"ROAS {format_value(roas)}")
        values[f"campaigns_{index}_results_part"] = "".join(f", {part}" for part in parts)
        if budget is not None:
            budgets.append(budget)
        if spend is not None:
            spends.append(spend)
    if budgets:
        values["campaigns_budget_total"] = format_value(float(sum(budgets)))
    if spends:
        values["campaigns_spend_total"] = format_value(round(float(sum(spends)), 2))
    return values


def _number(value: Any) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value
