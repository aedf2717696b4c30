"""The demo tenant: realistic volumes, every escalation anchor, and determinism."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.db import make_engine, session_factory, transaction
from domain.demo import anchors, build_demo, reset_tenant
from domain.errors import ConflictError
from domain.migrate import upgrade
from domain.models import (
    BudgetLine,
    Campaign,
    CampaignDailyMetric,
    Company,
    Contact,
    Deliverable,
    Event,
    KnowledgeArticle,
    Opportunity,
    Order,
    SupportCase,
    Vendor,
)
from domain.scope import Scope
from tests.conftest import SNAPSHOT


def _count(session: Session, model: type) -> int:
    return session.scalar(
        select(func.count()).select_from(model).where(model.tenant_id == anchors.TENANT_ID)
    )


def test_volumes_match_the_brief(scope: Scope) -> None:
    s = scope.session
    current = s.scalars(select(Event).where(Event.slug == anchors.EVENT_SLUG)).one()
    assert (current.starts_on - SNAPSHOT).days == anchors.EVENT_STARTS_IN_DAYS
    assert _count(s, Company) == 200
    assert _count(s, Contact) == 600
    assert _count(s, Opportunity) == 60
    assert s.scalar(select(func.count()).where(Order.event_id == current.id)) == 3000
    first = s.scalar(select(func.min(Order.placed_at)).where(Order.event_id == current.id))
    assert (SNAPSHOT - first.date()).days == 90
    assert _count(s, Campaign) == 4
    assert _count(s, Deliverable) == 40
    assert _count(s, KnowledgeArticle) == 30
    assert _count(s, SupportCase) == 50
    stages = set(s.scalars(select(Opportunity.stage)))
    assert stages == {
        "prospect",
        "qualified",
        "proposal",
        "negotiation",
        "closed_won",
        "closed_lost",
    }


def test_every_escalation_anchor_is_present(scope: Scope) -> None:
    s = scope.session
    above = s.scalars(select(Order).where(Order.number == anchors.ORDER_ABOVE_REFUND_THRESHOLD))
    below = s.scalars(select(Order).where(Order.number == anchors.ORDER_BELOW_REFUND_THRESHOLD))
    assert above.one().amount == anchors.ORDER_ABOVE_REFUND_AMOUNT > Decimal(500)
    assert below.one().amount == anchors.ORDER_BELOW_REFUND_AMOUNT < Decimal(500)
    big = s.scalars(
        select(Opportunity)
        .join(Company, Company.id == Opportunity.company_id)
        .where(Company.name == anchors.BIG_DEAL_COMPANY)
    ).one()
    assert (big.value, big.stage) == (anchors.BIG_DEAL_VALUE, anchors.BIG_DEAL_STAGE)
    opted = s.scalars(select(Contact).where(Contact.email == anchors.OPTED_OUT_EMAIL)).one()
    assert opted.opted_out
    bounced = s.scalars(select(Contact).where(Contact.email == anchors.BOUNCED_EMAIL)).one()
    assert bounced.email_status == "bounced"
    overdue = s.scalars(
        select(Deliverable).where(Deliverable.title == anchors.OVERDUE_DELIVERABLE)
    ).one()
    assert (SNAPSHOT - overdue.due_on).days >= 3 and overdue.status != "done"
    vendor = s.scalars(select(Vendor).where(Vendor.name == anchors.UNCONFIRMED_VENDOR)).one()
    assert vendor.status == "pending" and (vendor.confirm_by - SNAPSHOT).days <= 7
    line = s.scalars(
        select(BudgetLine).where(BudgetLine.category == anchors.OVERRUN_BUDGET_LINE)
    ).one()
    assert (line.actual - line.planned) / line.planned * 100 == anchors.OVERRUN_PCT


def test_one_campaign_underperforms_on_the_seed_thresholds(scope: Scope) -> None:
    totals = scope.session.execute(
        select(
            Campaign.name,
            func.sum(CampaignDailyMetric.opens),
            func.sum(CampaignDailyMetric.clicks),
            func.sum(CampaignDailyMetric.delivered),
        )
        .join(CampaignDailyMetric, CampaignDailyMetric.campaign_id == Campaign.id)
        .where(Campaign.channel == "email")
        .group_by(Campaign.name)
    ).all()
    rates = {
        name: (opens / delivered, clicks / delivered) for name, opens, clicks, delivered in totals
    }
    open_rate, click_rate = rates[anchors.UNDERPERFORMING_CAMPAIGN]
    assert open_rate < 0.25 and click_rate < 0.03
    assert sum(o < 0.25 for o, _c in rates.values()) == 1


def test_cancellations_spike_on_one_day(scope: Scope) -> None:
    spike_day = SNAPSHOT - timedelta(days=anchors.CANCELLATION_SPIKE_DAYS_AGO)
    per_day: dict = {}
    for at in scope.session.scalars(
        select(Order.cancelled_at).where(
            Order.cancelled_at.is_not(None), Order.cancelled_at >= spike_day - timedelta(10)
        )
    ):
        per_day[at.date()] = per_day.get(at.date(), 0) + 1
    assert max(per_day, key=per_day.get) == spike_day
    assert per_day[spike_day] >= 40 > 5 * max(v for d, v in per_day.items() if d != spike_day)


def _fingerprint(session: Session) -> str:
    digest = hashlib.sha256()
    for row in session.execute(
        select(Order.number, Order.buyer_email, Order.amount, Order.status).order_by(Order.number)
    ):
        digest.update(repr(tuple(row)).encode())
    for row in session.execute(
        select(Contact.email, Contact.opted_out, Contact.email_status).order_by(Contact.email)
    ):
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_same_seed_same_data_and_reset(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    upgrade(engine)
    factory = session_factory(engine)
    prints = []
    for _ in range(2):
        with transaction(factory) as session:
            reset_tenant(session, anchors.TENANT_ID)
        with transaction(factory) as session:
            build_demo(session, tenant_id=anchors.TENANT_ID, snapshot=SNAPSHOT)
        with factory() as session:
            prints.append(_fingerprint(session))
    assert prints[0] == prints[1]
    with pytest.raises(ConflictError, match="already has data"), transaction(factory) as s:
        build_demo(s, tenant_id=anchors.TENANT_ID, snapshot=SNAPSHOT)
    with transaction(factory) as session:
        build_demo(session, tenant_id="other", seed=8, snapshot=SNAPSHOT)
    with factory() as session:
        assert session.scalar(select(func.count()).where(Order.tenant_id == "other")) > 3000
    engine.dispose()
