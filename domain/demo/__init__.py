"""The demo tenant: a deterministic, realistic dataset (same seed and date, same data).

``build_demo`` creates one conference six weeks out with two past editions, its
pipeline, campaigns, operations and support history, plus the named records in
``anchors`` that exercise every escalation rule in the seeds.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from domain.demo import accounts, knowledge_base, marketing, operations, pipeline, ticketing
from domain.demo import support_cases as cases
from domain.demo.anchors import DEFAULT_SEED, POSTAL_ADDRESS, TENANT_NAME
from domain.demo.sales_curve import WINDOW_DAYS
from domain.errors import ConflictError
from domain.models import AgentConfig, Department, Tenant

__all__ = ["DEFAULT_SEED", "build_demo", "reset_tenant"]


def reset_tenant(session: Session, tenant_id: str) -> None:
    """Delete a tenant and, by cascade, every row it owns."""
    session.execute(delete(Tenant).where(Tenant.id == tenant_id))


def build_demo(
    session: Session, *, tenant_id: str, seed: int = DEFAULT_SEED, snapshot: date
) -> dict[str, int]:
    """Create the demo tenant as of ``snapshot`` and return row counts per table.

    Raises:
        ConflictError: the tenant already exists (reset it first).
    """
    if session.get(Tenant, tenant_id) is not None:
        raise ConflictError(f"tenant {tenant_id!r} already has data; reset it first")
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    session.add(
        Tenant(
            id=tenant_id, name=TENANT_NAME, snapshot_date=snapshot, postal_address=POSTAL_ADDRESS
        )
    )
    session.flush()  # no ORM relationships: the tenant must exist before its rows
    session.add_all(AgentConfig(tenant_id=tenant_id, agent=dept.value) for dept in Department)
    session.flush()
    counts: Counter[str] = Counter(tenants=1, agent_configs=len(Department))

    companies = accounts.build_companies(session, tenant_id, rng, snapshot)
    contacts = accounts.build_contacts(session, tenant_id, rng, companies, snapshot)
    counts.update(companies=len(companies), contacts=len(contacts))
    counts["external_event_attendance"] = accounts.build_external_events(
        session, tenant_id, rng, contacts, snapshot
    )

    editions = ticketing.build_events(session, tenant_id, snapshot)
    current = editions[-1].event
    campaigns = marketing.build_campaigns(session, tenant_id, current, snapshot)
    by_channel = {
        "email": [c.id for c in campaigns if c.channel == "email"],
        "social": [c.id for c in campaigns if c.channel == "social"],
    }
    counts.update(events=len(editions), campaigns=len(campaigns))

    for edition, years_back in zip(editions, (2, 1, 0), strict=True):
        is_current = years_back == 0
        total = ticketing.CURRENT_ORDERS if is_current else ticketing.PAST_FINAL_ORDERS[years_back]
        days = (snapshot - edition.event.sales_open_on).days if is_current else WINDOW_DAYS
        number_format = "ORD-1{serial:04d}" if is_current else f"P{years_back}-{{serial:05d}}"
        orders = ticketing.build_orders(
            session,
            tenant_id,
            rng,
            nprng,
            edition,
            total=total,
            days=days,
            number_format=number_format,
            campaign_ids=by_channel if is_current else {},
            snapshot=snapshot,
        )
        counts["orders"] += len(orders)
        cancelled, refunds = ticketing.build_cancellations(
            session, tenant_id, rng, orders, snapshot, spike=is_current
        )
        counts.update(cancelled_orders=cancelled, refunds=refunds)
        if is_current:
            counts["current_edition_orders"] = len(orders)
            counts["attendees"] = ticketing.build_attendees(
                session, tenant_id, rng, orders, [c.name for c in companies]
            )
            daily = Counter(o.placed_at.date() for o in orders)
            counts["traffic_days"] = ticketing.build_traffic(
                session, tenant_id, nprng, current, daily, snapshot - timedelta(days=1)
            )

    packages = pipeline.build_packages(session, tenant_id, [e.event for e in editions])
    past = editions[-2].event
    sponsors = pipeline.build_past_sponsors(
        session, tenant_id, rng, past, packages[past.id], companies
    )
    opportunities = pipeline.build_opportunities(
        session, tenant_id, rng, current, packages[current.id], companies, contacts, snapshot
    )
    counts.update(
        sponsorship_packages=sum(len(p) for p in packages.values()),
        opportunities=len(opportunities),
        sponsors=len(sponsors) + sum(o.stage == "closed_won" for o in opportunities),
    )
    counts["proposals"] = pipeline.build_proposals(
        session, tenant_id, opportunities, packages[current.id], current
    )
    counts["activities"] = pipeline.build_activities(
        session, tenant_id, rng, contacts, opportunities, snapshot
    )

    counts["campaign_daily_metrics"] = marketing.build_daily_metrics(
        session, tenant_id, nprng, campaigns, snapshot
    )
    counts["campaign_sends"] = marketing.build_sends(
        session, tenant_id, rng, campaigns, contacts, snapshot
    )
    counts["content_items"] = marketing.build_content(session, tenant_id, campaigns, current)

    vendors = operations.build_vendors(session, tenant_id, current, snapshot)
    counts["vendors"] = len(vendors)
    counts["deliverables"] = operations.build_deliverables(
        session, tenant_id, rng, current, vendors, snapshot
    )
    counts["budget_lines"] = operations.build_budget(session, tenant_id, current)
    counts["kb_articles"] = knowledge_base.build_articles(session, tenant_id, current, snapshot)
    session.flush()
    counts["support_cases"] = cases.build_cases(session, tenant_id, rng, current, snapshot)
    session.flush()
    return dict(counts)


def tenant_exists(session: Session, tenant_id: str) -> bool:
    """Whether the tenant has been created."""
    return session.scalar(select(Tenant.id).where(Tenant.id == tenant_id)) is not None
