"""update_crm: change an opportunity's stage, next step, notes, value or probability."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain.errors import InvalidArgumentError
from domain.lookups import get_owned
from domain.models import Activity, Opportunity, Stage
from domain.scope import Scope

CLOSED = (Stage.CLOSED_WON.value, Stage.CLOSED_LOST.value)
CLOSING_PROBABILITY = {Stage.CLOSED_WON.value: 100, Stage.CLOSED_LOST.value: 0}


def check_transition(current: str, new: str) -> None:
    """Refuse moves the pipeline forbids: a closed deal cannot go back to prospect.

    Raises:
        InvalidArgumentError: naming ``stage``.
    """
    if current in CLOSED and new == Stage.PROSPECT.value:
        raise InvalidArgumentError(
            "stage", f"cannot move a {current} deal back to prospect; reopen it as qualified"
        )


def update_crm(
    scope: Scope,
    opportunity_id: int,
    stage: str | None = None,
    next_step: str | None = None,
    notes: str | None = None,
    value: Decimal | None = None,
    probability: int | None = None,
) -> dict[str, Any]:
    """Apply the given changes, log a note activity and report before/after.

    Closing a deal (won or lost) is applied but flagged ``requires_human`` so the
    approval policy can hold it: the seeds allow no stage change past negotiation
    without a human.
    """
    opportunity = get_owned(scope, Opportunity, opportunity_id, argument="opportunity_id")
    if all(v is None for v in (stage, next_step, notes, value, probability)):
        raise InvalidArgumentError(
            "stage", "nothing to update: give stage, next_step, notes, value or probability"
        )
    changes: dict[str, dict[str, Any]] = {}

    def change(field: str, new: Any) -> None:
        old = getattr(opportunity, field)
        if old != new:
            setattr(opportunity, field, new)
            changes[field] = {"from": old, "to": new}

    stage_change = None
    if stage is not None:
        check_transition(opportunity.stage, stage)
        if stage != opportunity.stage:
            stage_change = {"from": opportunity.stage, "to": stage}
        change("stage", stage)
        if stage in CLOSED and probability is None:
            probability = CLOSING_PROBABILITY[stage]
        if stage == Stage.CLOSED_LOST.value and notes:
            change("lost_reason", notes)
    if next_step is not None:
        change("next_step", next_step)
    if value is not None:
        change("value", value)
    if probability is not None:
        change("probability", probability)
    if notes:
        stamp = f"[{scope.today.isoformat()} {scope.actor}] {notes}"
        opportunity.notes = f"{opportunity.notes}\n{stamp}" if opportunity.notes else stamp
        changes["notes"] = {"appended": stamp}
    summary = (
        "; ".join(
            f"{k}: {v['from']} -> {v['to']}" if "from" in v else f"{k}: {v['appended']}"
            for k, v in changes.items()
        )
        or "no field changed"
    )
    activity = Activity(
        tenant_id=scope.tenant_id,
        company_id=opportunity.company_id,
        contact_id=opportunity.primary_contact_id,
        opportunity_id=opportunity.id,
        kind="note",
        direction="internal",
        subject=f"CRM update: {opportunity.name}"[:300],
        body=summary,
        occurred_at=scope.now,
        created_by=scope.actor,
    )
    scope.session.add(activity)
    scope.session.flush()
    closing = stage_change is not None and stage in CLOSED
    return {
        "opportunity_id": opportunity.id,
        "name": opportunity.name,
        "stage": opportunity.stage,
        "stage_change": stage_change,
        "changes": changes,
        "activity_id": activity.id,
        "requires_human": closing,
        "reason": "stage change past negotiation" if closing else None,
    }
