"""Who is coming (attendee demographics) and who is paying (sponsors and pipeline)."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from domain.models import Attendee, Event, Opportunity, Order, Sponsor, Stage
from domain.scope import Scope

SIGNED_STATUSES = ("confirmed", "past")
"""Sponsor statuses that mean signed: confirmed, or 'past' once the edition is over."""
OPEN_STAGES = (Stage.PROSPECT, Stage.QUALIFIED, Stage.PROPOSAL, Stage.NEGOTIATION)


def demographics(scope: Scope, event: Event, *, top: int = 5) -> dict[str, Any]:
    """Ticket holders on valid orders by industry, company and job title."""
    rows = scope.session.execute(
        select(Attendee.industry, Attendee.company, Attendee.job_title)
        .join(Order, Order.id == Attendee.order_id)
        .where(
            Attendee.tenant_id == scope.tenant_id,
            Order.event_id == event.id,
            Order.status.not_in(("cancelled", "refunded")),
        )
    ).all()
    total = len(rows)

    def ranked(values: list[str | None]) -> list[dict[str, Any]]:
        counts = Counter(v or "unknown" for v in values)
        return [
            {"name": name, "attendees": n, "pct": round(100 * n / total, 1)}
            for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        ]

    return {
        "attendees": total,
        "top_industries": ranked([r[0] for r in rows]),
        "top_companies": ranked([r[1] for r in rows]),
        "top_job_titles": ranked([r[2] for r in rows]),
        "target_industries": list(event.audience_industries or []),
    }


def sponsorship(scope: Scope, event: Event) -> dict[str, Any]:
    """Confirmed sponsors and the open pipeline, against the previous edition."""
    confirmed = scope.session.scalars(
        select(Sponsor.amount).where(
            Sponsor.tenant_id == scope.tenant_id,
            Sponsor.event_id == event.id,
            Sponsor.status.in_(SIGNED_STATUSES),
        )
    ).all()
    opportunities = scope.session.scalars(
        select(Opportunity).where(
            Opportunity.tenant_id == scope.tenant_id, Opportunity.event_id == event.id
        )
    ).all()
    deals: Counter[str] = Counter()
    value: defaultdict[str, Decimal] = defaultdict(Decimal)
    weighted: defaultdict[str, Decimal] = defaultdict(Decimal)
    for opp in opportunities:
        deals[opp.stage] += 1
        value[opp.stage] += opp.value
        weighted[opp.stage] += (opp.value * opp.probability / 100).quantize(Decimal("0.01"))
    stages = [s.value for s in Stage] + sorted(set(deals) - {s.value for s in Stage})
    by_stage = {
        stage: {"deals": deals[stage], "value": value[stage], "weighted": weighted[stage]}
        for stage in stages
    }
    late = [o for o in opportunities if o.stage in (Stage.PROPOSAL, Stage.NEGOTIATION)]
    previous = None
    if event.previous_edition_id is not None:
        amounts = scope.session.scalars(
            select(Sponsor.amount).where(
                Sponsor.tenant_id == scope.tenant_id,
                Sponsor.event_id == event.previous_edition_id,
            )
        ).all()
        previous = {"sponsors": len(amounts), "amount": sum(amounts, Decimal(0))}
    return {
        "confirmed_sponsors": len(confirmed),
        "confirmed_amount": sum(confirmed, Decimal(0)),
        "pipeline_by_stage": by_stage,
        "open_pipeline_value": sum((value[s.value] for s in OPEN_STAGES), Decimal(0)),
        "weighted_open_pipeline": sum((weighted[s.value] for s in OPEN_STAGES), Decimal(0)),
        "late_stage_deals": [
            {"name": o.name, "stage": o.stage, "value": o.value, "probability": o.probability}
            for o in sorted(late, key=lambda o: o.value, reverse=True)
        ],
        "previous_edition": previous,
    }
