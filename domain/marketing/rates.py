"""Campaign totals and the rates computed from them, defined once for every tool.

Every funnel rate is per recipient reached: reach = delivered emails, or impressions
for social and paid campaigns that deliver nothing. A rate is ``None`` when its
denominator is zero.

* open rate = opens / delivered (email only)
* click rate = clicks / reach (per delivered email; click-through per impression otherwise)
* conversion rate = conversions / reach (share of recipients who bought a ticket)
* unsubscribe rate = unsubscribes / delivered
* social engagement rate = engagements / impressions
* CPA = spend / conversions; ROAS = revenue / spend
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from domain.models import CampaignDailyMetric, CampaignSend

RATE_NAMES = ("open_rate", "click_rate", "conversion_rate", "unsubscribe_rate", "engagement_rate")


@dataclass(frozen=True)
class Totals:
    """Summed counters of a campaign over some days (or over its per-recipient sends)."""

    impressions: int = 0
    sent: int = 0
    delivered: int = 0
    opens: int = 0
    clicks: int = 0
    engagements: int = 0
    conversions: int = 0
    unsubscribes: int = 0
    spend: Decimal = Decimal(0)
    revenue: Decimal = Decimal(0)

    @classmethod
    def from_metrics(cls, rows: Iterable[CampaignDailyMetric]) -> Totals:
        """Sum daily metric rows."""
        sums: dict[str, Any] = {f.name: 0 for f in fields(cls)}
        sums["spend"] = sums["revenue"] = Decimal(0)
        for row in rows:
            for name in sums:
                sums[name] += getattr(row, name) or 0
        return cls(**sums)

    @classmethod
    def from_sends(cls, sends: Iterable[CampaignSend]) -> Totals:
        """Count per-recipient sends (every recorded send counts as delivered)."""
        rows = list(sends)
        return cls(
            sent=len(rows),
            delivered=len(rows),
            opens=sum(1 for s in rows if s.opened_at is not None),
            clicks=sum(1 for s in rows if s.clicked_at is not None),
            conversions=sum(1 for s in rows if s.converted),
            unsubscribes=sum(1 for s in rows if s.unsubscribed),
        )

    def rates(self) -> dict[str, float | None]:
        """The five rates, as fractions (0.25 = 25%)."""
        reach = self.delivered or self.impressions
        return {
            "open_rate": _ratio(self.opens, self.delivered),
            "click_rate": _ratio(self.clicks, reach),
            "conversion_rate": _ratio(self.conversions, reach),
            "unsubscribe_rate": _ratio(self.unsubscribes, self.delivered),
            "engagement_rate": _ratio(self.engagements, self.impressions),
        }

    def economics(self) -> dict[str, Decimal | None]:
        """Spend, revenue, cost per acquisition and return on ad spend."""
        cpa = (
            (self.spend / self.conversions).quantize(Decimal("0.01")) if self.conversions else None
        )
        roas = (self.revenue / self.spend).quantize(Decimal("0.01")) if self.spend else None
        return {"spend": self.spend, "revenue": self.revenue, "cpa": cpa, "roas": roas}

    def counts(self) -> dict[str, int]:
        """The integer counters, for reports."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.type == "int"}


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None
