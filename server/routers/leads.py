"""``/leads`` and ``/errors/leads``: seed 002's lead pipeline over REST.

Sourcing commits the contact and its ``sourced`` step, then publishes ``lead.sourced``;
the stages run in the workers (in this server without Redis, in ``switchboard pipeline
run`` processes with it). A step that failed every attempt waits in the error queue
until it is retried.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Path

from domain.leads.sourcing import source_contact, source_lead
from domain.leads.steps import count_failed, failed_steps, lead_steps
from domain.lookups import get_owned
from domain.models import Contact, LeadPipelineStep
from server.deps import OperatorDep, RuntimeDep, ScopeDep
from server.routers.params import PageDep
from server.schemas.common import BODY_ERRORS, MAX_ID, Page, error_responses
from server.schemas.leads import LeadAccepted, LeadSource, LeadSteps, LeadStepView
from switchboard.lead_pipeline import publish_event_for, retry_event

router = APIRouter(tags=["leads"])

ContactIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The lead's contact id.")]
StepIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The failed step's id.")]


def _view(row: LeadPipelineStep) -> LeadStepView:
    return LeadStepView(
        id=row.id,
        contact_id=row.contact_id,
        stage=row.stage,
        status=row.status,
        advance=row.advance,
        attempts=row.attempts,
        result=row.result or {},
        error=row.error,
        consumer=row.consumer,
        updated_at=row.updated_at,
    )


@router.post(
    "/leads",
    response_model=LeadAccepted,
    status_code=202,
    summary="Source a lead into the pipeline (publishes lead.sourced)",
    responses=error_responses(404, 409, *BODY_ERRORS),
)
async def source(runtime: RuntimeDep, principal: OperatorDep, body: LeadSource) -> LeadAccepted:
    """Create the contact (or find the one on that mailbox) and record it sourced, then
    publish ``lead.sourced``: enrichment, verification and scoring follow in the background.

    404 for a company or contact the tenant does not have; 409 for an erased address.
    """
    services = runtime.services

    def commit() -> tuple[int, bool]:
        with services.scope(principal.tenant_id, actor=principal.actor) as scope:
            if body.contact_id is not None:
                return source_contact(scope, body.contact_id, consumer=principal.actor), False
            return source_lead(
                scope,
                company_id=body.company_id or 0,
                email=body.email or "",
                first_name=body.first_name,
                last_name=body.last_name,
                title=body.title,
                consumer=principal.actor,
            )

    contact_id, created = await asyncio.to_thread(commit)
    event = publish_event_for(principal.tenant_id, contact_id)
    await runtime.lead_bus.publish(event)
    return LeadAccepted(
        contact_id=contact_id, created=created, event=event.name, bus=runtime.lead_bus.kind
    )


@router.get(
    "/leads/{contact_id}/steps",
    response_model=LeadSteps,
    summary="A lead's pipeline steps",
    responses=error_responses(404),
)
def steps(contact_id: ContactIdPath, scope: ScopeDep) -> LeadSteps:
    """Each stage done so far (with its result), or failed (with its error)."""
    get_owned(scope, Contact, contact_id, argument="contact_id")
    return LeadSteps(contact_id=contact_id, steps=[_view(r) for r in lead_steps(scope, contact_id)])


@router.get(
    "/errors/leads",
    response_model=Page[LeadStepView],
    summary="List lead steps that failed every attempt (the pipeline's error queue)",
    responses=error_responses(),
)
def lead_errors(scope: ScopeDep, page: PageDep) -> Page[LeadStepView]:
    """Failed steps, most recent first, each with its error and attempts."""
    rows = failed_steps(scope, limit=page.limit, offset=page.offset)
    return Page(
        items=[_view(r) for r in rows],
        total=count_failed(scope),
        limit=page.limit,
        offset=page.offset,
    )


@router.post(
    "/errors/leads/{step_id}/retry",
    response_model=LeadAccepted,
    status_code=202,
    summary="Retry a failed lead step",
    responses=error_responses(404),
)
async def retry(step_id: StepIdPath, runtime: RuntimeDep, principal: OperatorDep) -> LeadAccepted:
    """Publish the failed stage's input event again: the stage runs (and those after it).

    404 when the tenant has no failed step with that id (also once it succeeded).
    """
    event: Any = await asyncio.to_thread(
        retry_event, runtime.services, principal.tenant_id, step_id
    )
    await runtime.lead_bus.publish(event)
    return LeadAccepted(
        contact_id=event.contact_id, created=False, event=event.name, bus=runtime.lead_bus.kind
    )
