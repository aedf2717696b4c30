"""Leads whose next step is missing: an event lost between a commit and its publish.

A stage commits, then publishes its event; a process that dies in between (or an
in-process bus that died with its server) leaves the lead done at one stage and never
started at the next. Workers re-publish those events from here; the steps' unique key
makes a duplicate harmless.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, aliased

from domain.leads.events import CONSUMER_STAGES, PREVIOUS, Stage
from domain.models import LeadPipelineStep


def stalled_leads(
    session: Session, *, before: datetime, limit: int = 500
) -> list[tuple[str, int, Stage]]:
    """``(tenant_id, contact_id, done_stage)`` for leads done at a stage before ``before``
    whose next stage has no row at all (cross-tenant: run in a system transaction)."""
    found: list[tuple[str, int, Stage]] = []
    for stage in CONSUMER_STAGES:
        done, following = LeadPipelineStep, aliased(LeadPipelineStep)
        rows = session.execute(
            select(done.tenant_id, done.contact_id)
            .where(
                done.stage == PREVIOUS[stage],
                done.status == "done",
                done.advance.is_(True),
                done.updated_at < before,
                ~exists().where(
                    and_(
                        following.tenant_id == done.tenant_id,
                        following.contact_id == done.contact_id,
                        following.stage == stage,
                    )
                ),
            )
            .order_by(done.updated_at)
            .limit(limit)
        ).all()
        found.extend((tenant, contact, PREVIOUS[stage]) for tenant, contact in rows)
    return found
