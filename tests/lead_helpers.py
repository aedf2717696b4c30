"""Shared by the lead pipeline tests and the benchmark: buses, leads, a tenant without events."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from adapters.lead_bus import LeadBus
from adapters.lead_bus.in_process import InProcessBus
from adapters.lead_bus.redis_streams import RedisStreamsBus
from adapters.services import Services
from domain.db import system_transaction
from domain.demo import anchors
from domain.leads.sourcing import source_lead
from domain.models import Company, Event, LeadPipelineStep
from domain.tenants import create_tenant

LEAD_COMPANY_ID = 3
"""Initech in the demo: a company with a domain, employees and a country."""


@asynccontextmanager
async def open_bus(kind: str, redis_url: str | None = None) -> AsyncIterator[LeadBus]:
    """An in-process bus, or Redis Streams under a prefix of its own (deleted afterwards)."""
    if kind == "in-process":
        yield InProcessBus()
        return
    assert redis_url, "a Redis bus needs a URL"
    bus = RedisStreamsBus(redis_url, prefix=f"test-{uuid.uuid4().hex[:8]}:")
    try:
        yield bus
    finally:
        await bus.delete_streams()
        await bus.aclose()


def new_lead(
    services: Services,
    *,
    tenant: str = anchors.TENANT_ID,
    company_id: int = LEAD_COMPANY_ID,
    domain: str = "initech.example",
) -> int:
    """A new contact at the company, recorded as sourced; its id."""
    tag = uuid.uuid4().hex[:8]
    with services.scope(tenant) as scope:
        contact_id, created = source_lead(
            scope,
            company_id=company_id,
            email=f"lead.{tag}@{domain}",
            first_name="Nina",
            last_name=f"Park{tag}",
            title="VP Partnerships",
        )
    assert created
    return contact_id


def steps_of(services: Services, tenant: str, contact_id: int) -> dict[str, LeadPipelineStep]:
    """The lead's rows by stage."""
    with services.scope(tenant) as scope:
        rows = scope.session.scalars(
            select(LeadPipelineStep).where(LeadPipelineStep.contact_id == contact_id)
        ).all()
    return {row.stage: row for row in rows}


def unenriched_company(tenant_id: str) -> Company:
    """A company with no size band or region yet (enrichment fills them)."""
    return Company(
        tenant_id=tenant_id,
        name="Umbrella Data",
        domain="umbrella.example",
        industry="Data Platforms",
        size_band="",
        employees=800,
        annual_revenue=Decimal(90_000_000),
        region="",
        country="Germany",
        hq_city="Berlin",
        funding_stage="Series C",
    )


def tenant_without_events(services: Services) -> tuple[str, int]:
    """A new tenant with one company and no event: scoring has nothing to score against."""
    tenant = f"noevents-{uuid.uuid4().hex[:6]}"
    with system_transaction(services.sessions) as session:
        create_tenant(session, tenant, "No events yet")
        company = unenriched_company(tenant)
        session.add(company)
        session.flush()
        return tenant, company.id


def add_event(services: Services, tenant: str) -> None:
    """Give the tenant an upcoming event (what scoring needs)."""
    with services.scope(tenant) as scope:
        scope.session.add(
            Event(
                tenant_id=tenant,
                name="Data Summit",
                slug="data-summit",
                starts_on=date(2027, 5, 10),
                ends_on=date(2027, 5, 11),
                sales_open_on=date(2026, 11, 1),
                venue="Messe",
                city="Berlin",
                capacity=800,
                ticket_target=700,
                revenue_target=Decimal(400_000),
                budget_total=Decimal(150_000),
                topics=["data"],
                audience_industries=["Data Platforms"],
            )
        )
