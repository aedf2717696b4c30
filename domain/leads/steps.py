"""The per-lead, per-stage record that makes every step happen once.

A consumer runs a stage inside one tenant transaction: it locks the lead's row for the
stage (or finds none), skips the work when the stage is done, else does it and writes
the row ``done``. Two consumers racing on one redelivered event either queue on the lock
or collide on the unique key, and the loser's transaction (work included) rolls back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from domain.base import utcnow
from domain.errors import NotFoundError
from domain.leads.events import STAGES, Stage
from domain.models import Contact, LeadPipelineStep
from domain.scope import Scope

ERROR_TEXT_LIMIT = 2000


@dataclass(frozen=True)
class StepRun:
    """How a step went: done now (``ran``), or found done before; whether the lead goes on."""

    step_id: int
    ran: bool
    advance: bool


def jsonable(value: Any) -> Any:
    """``value`` with dates, decimals and the like turned into JSON-safe strings."""
    return json.loads(json.dumps(value, default=str))


def step_of(
    scope: Scope, contact_id: int, stage: Stage, *, lock: bool = False
) -> LeadPipelineStep | None:
    """The lead's row for ``stage``, if any (locked for this transaction with ``lock``)."""
    query = select(LeadPipelineStep).where(
        LeadPipelineStep.tenant_id == scope.tenant_id,
        LeadPipelineStep.contact_id == contact_id,
        LeadPipelineStep.stage == stage,
    )
    if lock:
        query = query.with_for_update()
    return scope.session.scalars(query).first()


def record_done(
    scope: Scope,
    contact_id: int,
    stage: Stage,
    *,
    result: dict[str, Any],
    advance: bool,
    consumer: str,
    existing: LeadPipelineStep | None = None,
) -> LeadPipelineStep:
    """Mark the stage done (a failed row becomes done; its attempts keep counting)."""
    row = existing or LeadPipelineStep(
        tenant_id=scope.tenant_id, contact_id=contact_id, stage=stage, attempts=0
    )
    row.status, row.advance, row.error = "done", advance, None
    row.result, row.consumer = jsonable(result), consumer[:100]
    row.attempts = (row.attempts or 0) + 1
    row.updated_at = utcnow()
    scope.session.add(row)
    scope.session.flush()
    return row


def record_failure(
    scope: Scope, contact_id: int, stage: Stage, *, error: str, attempts: int, consumer: str
) -> LeadPipelineStep | None:
    """Put the stage in the error queue (unless another consumer finished it meanwhile).

    Returns:
        The step row (``done`` if it was finished meanwhile), or None when the lead no
        longer exists (deleted or erased): there is nothing to retry.
    """
    contact = scope.session.get(Contact, contact_id)
    if contact is None or contact.tenant_id != scope.tenant_id:
        return None
    row = step_of(scope, contact_id, stage, lock=True)
    if row is not None and row.status == "done":
        return row
    if row is None:
        row = LeadPipelineStep(
            tenant_id=scope.tenant_id, contact_id=contact_id, stage=stage, attempts=0, result={}
        )
    row.status, row.advance = "failed", False
    row.error = error[:ERROR_TEXT_LIMIT]
    row.attempts = (row.attempts or 0) + attempts
    row.consumer = consumer[:100]
    row.updated_at = utcnow()
    scope.session.add(row)
    scope.session.flush()
    return row


def failed_steps(scope: Scope, *, limit: int = 50, offset: int = 0) -> list[LeadPipelineStep]:
    """The tenant's error queue, most recent failure first."""
    return list(
        scope.session.scalars(
            select(LeadPipelineStep)
            .where(
                LeadPipelineStep.tenant_id == scope.tenant_id, LeadPipelineStep.status == "failed"
            )
            .order_by(LeadPipelineStep.updated_at.desc(), LeadPipelineStep.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
    )


def count_failed(scope: Scope) -> int:
    """How many steps wait in the tenant's error queue."""
    return int(
        scope.session.scalar(
            select(func.count()).where(
                LeadPipelineStep.tenant_id == scope.tenant_id, LeadPipelineStep.status == "failed"
            )
        )
        or 0
    )


def failed_step(scope: Scope, step_id: int) -> LeadPipelineStep:
    """One step of the tenant's error queue.

    Raises:
        NotFoundError: no such step for this tenant, or it is not failed.
    """
    row = scope.session.get(LeadPipelineStep, step_id)
    if row is None or row.tenant_id != scope.tenant_id or row.status != "failed":
        raise NotFoundError("failed lead step", step_id, argument="step_id")
    return row


def lead_steps(scope: Scope, contact_id: int) -> list[LeadPipelineStep]:
    """The lead's steps in pipeline order."""
    order: dict[str, int] = {stage: index for index, stage in enumerate(STAGES)}
    rows = scope.session.scalars(
        select(LeadPipelineStep).where(
            LeadPipelineStep.tenant_id == scope.tenant_id, LeadPipelineStep.contact_id == contact_id
        )
    ).all()
    return sorted(rows, key=lambda r: order.get(r.stage, 9))
