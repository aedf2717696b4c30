"""The sponsorship pipeline as a list: the deals at one stage (or every open one), with
their count and total value, so "what's sitting in negotiation" or "how many deals have
we won" is answered from the deals themselves rather than one deal's scorecard."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from domain.lookups import resolve_event
from domain.models import Company, Opportunity, Stage
from domain.scope import Scope

OPEN_STAGES = (Stage.PROSPECT, Stage.QUALIFIED, Stage.PROPOSAL, Stage.NEGOTIATION)


def review_pipeline(
    scope: Scope,
    stage: str | None = None,
    event_id: int | None = None,
    limit: int = 20,
    closing_from: date | None = None,
    closing_to: date | None = None,
) -> dict[str, Any]:
    """The event's deals at ``stage`` (every open stage when None), soonest close first;
    with ``closing_from``/``closing_to``, only those expected to close in that window
    (both days included; the result then states the window it covers).

    Returns:
        ``{event, stage, count, total_value, weighted_value, by_stage, deals: [{opportunity_id,
        company, name, stage, value, probability, expected_close, next_step, lost_reason}]}``,
        plus ``lost_reasons`` (the distinct reasons recorded, most frequent first) when any
        matching deal has one, so "which deals did we lose and why" is answered whole;
        ``count``, the totals and the reasons cover every matching deal, ``deals`` the first
        ``limit``.
    """
    event = resolve_event(scope, event_id)
    wanted = [stage] if stage else [s.value for s in OPEN_STAGES]
    rows = scope.session.execute(
        select(Opportunity, Company.name)
        .join(Company, Company.id == Opportunity.company_id)
        .where(
            Opportunity.tenant_id == scope.tenant_id,
            Opportunity.event_id == event.id,
            Opportunity.stage.in_(wanted),
            *([Opportunity.expected_close >= closing_from] if closing_from else []),
            *([Opportunity.expected_close <= closing_to] if closing_to else []),
        )
        .order_by(Opportunity.expected_close, Opportunity.id)
    ).all()
    total = sum((Decimal(opp.value) for opp, _ in rows), Decimal(0))
    weighted = sum((Decimal(opp.value) * opp.probability / 100 for opp, _ in rows), Decimal(0))
    by_stage: dict[str, dict[str, Any]] = {}
    for opp, _ in rows:
        row = by_stage.setdefault(opp.stage, {"count": 0, "value": 0.0})
        row["count"] += 1
        row["value"] += float(opp.value)
    reasons = Counter(opp.lost_reason for opp, _ in rows if opp.lost_reason)
    result: dict[str, Any] = {
        "event": {"id": event.id, "name": event.name},
        "stage": stage or "open",
        "count": len(rows),
        "total_value": float(total),
        "weighted_value": round(float(weighted), 2),
        "by_stage": by_stage,
        "deals": [
            {
                "opportunity_id": opp.id,
                "company": company,
                "name": opp.name,
                "stage": opp.stage,
                "value": float(opp.value),
                "probability": opp.probability,
                "expected_close": opp.expected_close,
                "next_step": opp.next_step,
                "lost_reason": opp.lost_reason,
            }
            for opp, company in rows[:limit]
        ],
    }
    if reasons:
        result["lost_reasons"] = [reason for reason, _ in reasons.most_common()]
    if closing_from or closing_to:
        result["closing_from"] = closing_from.isoformat() if closing_from else None
        result["closing_to"] = closing_to.isoformat() if closing_to else None
    return result
