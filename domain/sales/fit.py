"""How well a company fits an event as a sponsor: pure math on plain inputs.

Five parts add up to 100: industry and topic overlap (30), capacity to buy from
budget, headcount and revenue (25), sponsorship history (20), momentum from recent
signals (15) and the target-account flag (10).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

WEIGHTS = {"industry": 30.0, "capacity": 25.0, "history": 20.0, "momentum": 15.0, "target": 10.0}
SPONSORSHIP_SHARE_OF_BUDGET = 0.10
"""A sponsorship is affordable when it costs at most this share of the marketing budget."""
SIGNAL_HALF_LIFE_DAYS = 45.0
SIGNAL_HORIZON_DAYS = 365


@dataclass(frozen=True)
class FitInputs:
    """What the fit score reads, already pulled from the database."""

    industry: str
    audience_industries: Sequence[str]
    topics: Sequence[str]
    company_text: str
    employees: int
    annual_revenue: float
    marketing_budget: float
    reference_price: float
    past_event: str | None = None
    past_satisfaction: int | None = None
    signals: Sequence[tuple[float, str]] = field(default_factory=tuple)
    """(age in days, detail) of each dated signal."""
    is_target_account: bool = False


@dataclass(frozen=True)
class FitResult:
    """A 0–100 fit score, its parts (points each) and readable reasons."""

    score: float
    components: dict[str, float]
    reasons: list[str]


def _industry(inputs: FitInputs, reasons: list[str]) -> float:
    audience = {i.lower() for i in inputs.audience_industries}
    match = inputs.industry.lower() in audience
    text = inputs.company_text.lower()
    mentioned = [t for t in inputs.topics if t.lower() in text]
    if match:
        reasons.append(f"industry {inputs.industry} is in the event's audience")
    if mentioned:
        reasons.append(f"works on event topics: {', '.join(mentioned)}")
    return WEIGHTS["industry"] * (0.8 * match + 0.2 * min(1.0, len(mentioned) / 2))


def _capacity(inputs: FitInputs, reasons: list[str]) -> float:
    price = max(inputs.reference_price, 1.0)
    affordable = min(1.0, inputs.marketing_budget * SPONSORSHIP_SHARE_OF_BUDGET / price)
    people = min(1.0, math.log10(max(inputs.employees, 1)) / 4)
    revenue = min(1.0, math.log10(max(inputs.annual_revenue, 1.0)) / 9)
    if affordable >= 1.0:
        reasons.append(f"marketing budget ${inputs.marketing_budget:,.0f} covers a typical package")
    return WEIGHTS["capacity"] * (0.6 * affordable + 0.4 * (people + revenue) / 2)


def _history(inputs: FitInputs, reasons: list[str]) -> float:
    if inputs.past_event is None:
        return 0.0
    sat = inputs.past_satisfaction
    if sat is None:
        reasons.append(f"sponsored {inputs.past_event}")
        return 14.0
    reasons.append(f"sponsored {inputs.past_event} (satisfaction {sat}/5)")
    return min(WEIGHTS["history"], 10.0 + 2.0 * sat)


def _momentum(inputs: FitInputs, reasons: list[str]) -> float:
    live = [(age, d) for age, d in inputs.signals if 0 <= age <= SIGNAL_HORIZON_DAYS]
    heat = sum(0.5 ** (age / SIGNAL_HALF_LIFE_DAYS) for age, _ in live)
    if live:
        age, detail = min(live)
        reasons.append(f"recent signal: {detail} ({age:.0f} days ago)")
    return WEIGHTS["momentum"] * min(1.0, heat)


def prospect_fit(inputs: FitInputs) -> FitResult:
    """Score a company's fit as a sponsor of an event (0–100, one decimal)."""
    reasons: list[str] = []
    parts = {
        "industry": _industry(inputs, reasons),
        "capacity": _capacity(inputs, reasons),
        "history": _history(inputs, reasons),
        "momentum": _momentum(inputs, reasons),
        "target": WEIGHTS["target"] if inputs.is_target_account else 0.0,
    }
    if inputs.is_target_account:
        reasons.append("flagged as a target account")
    components = {k: round(v, 1) for k, v in parts.items()}
    return FitResult(round(sum(parts.values()), 1), components, reasons)
