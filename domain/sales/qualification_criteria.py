"""BANT and MEDDIC criteria judged from an opportunity's recorded evidence (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.sales.lead_scoring import Criterion

MEDDIC_KEYS = (
    "metrics",
    "economic_buyer",
    "decision_criteria",
    "decision_process",
    "identify_pain",
    "champion",
)
SENIOR = ("vp", "c_level")


@dataclass(frozen=True)
class Evidence:
    """Plain facts the criteria read (from the opportunity, its contact and activity)."""

    today: date
    decision_deadline: date
    deal_value: float | None = None
    budget: float | None = None
    authority: bool | None = None
    contact_seniority: str | None = None
    need: str | None = None
    latest_signal: str | None = None
    timeline: date | None = None
    replies: int = 0


def _budget(e: Evidence) -> Criterion:
    if not e.budget:
        return Criterion("missing", "no budget recorded")
    if not e.deal_value or e.budget >= e.deal_value:
        value = f" covers deal value ${e.deal_value:,.0f}" if e.deal_value else " stated"
        return Criterion("met", f"budget ${e.budget:,.0f}{value}")
    share = 100 * e.budget / e.deal_value
    return Criterion(
        "partial", f"budget ${e.budget:,.0f} is {share:.0f}% of deal value ${e.deal_value:,.0f}"
    )


def _authority(e: Evidence) -> Criterion:
    if e.authority:
        return Criterion("met", "decision maker confirmed")
    if e.contact_seniority in SENIOR:
        return Criterion(
            "partial", f"primary contact is {e.contact_seniority} but authority is not confirmed"
        )
    return Criterion("missing", "no decision maker identified")


def _need(e: Evidence) -> Criterion:
    if e.need:
        return Criterion("met", e.need)
    if e.latest_signal:
        return Criterion("partial", f"no stated need; signal suggests one: {e.latest_signal}")
    return Criterion("missing", "no need recorded")


def _timeline(e: Evidence) -> Criterion:
    if e.timeline is None:
        return Criterion("missing", "no decision date recorded")
    if e.timeline < e.today:
        return Criterion("partial", f"decision date {e.timeline} has passed without a decision")
    if e.timeline > e.decision_deadline:
        return Criterion(
            "partial", f"decision date {e.timeline} is after the event ({e.decision_deadline})"
        )
    return Criterion("met", f"decision by {e.timeline}, before the event on {e.decision_deadline}")


def assess_bant(e: Evidence) -> dict[str, Criterion]:
    """Budget, authority, need and timeline, each met / partial / missing with evidence."""
    return {
        "budget": _budget(e),
        "authority": _authority(e),
        "need": _need(e),
        "timeline": _timeline(e),
    }


def assess_meddic(meddic: Mapping[str, Any], e: Evidence) -> dict[str, Criterion]:
    """The six MEDDIC criteria; unrecorded ones may be partial from indirect evidence."""
    hints = {
        "economic_buyer": "senior contact engaged"
        if e.authority or e.contact_seniority == "c_level"
        else None,
        "identify_pain": f"need stated: {e.need}" if e.need else None,
        "champion": f"primary contact replied {e.replies} time(s)" if e.replies else None,
    }
    result = {}
    for key in MEDDIC_KEYS:
        value = meddic.get(key)
        if value:
            detail = value if isinstance(value, str) else "confirmed"
            result[key] = Criterion("met", f"{key.replace('_', ' ')}: {detail}")
        elif hints.get(key):
            result[key] = Criterion("partial", str(hints[key]))
        else:
            result[key] = Criterion("missing", "not recorded")
    return result
