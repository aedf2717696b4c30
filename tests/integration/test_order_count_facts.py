"""Tickets, orders and cancellations read without amounts give the facts ``load_orders`` gives.

``order_facts`` reads these three metrics through a narrower select (no refunds, no
``Decimal``, no ``OrderFact``) to save CPU; the facts must be the very ones the full
orders read yields, on every demo event, and so must the metrics built on them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from domain.analytics.facts import load_orders
from domain.analytics.metric_facts import Fact, order_facts
from domain.analytics.metrics import GroupBy, Metric
from domain.analytics.query import query_metric
from domain.models import Event
from domain.scope import Scope


def _from_full_orders(scope: Scope, event: Event, value: str) -> list[Fact]:
    """The facts as ``order_facts`` built them from ``load_orders`` for every metric."""
    facts: list[Fact] = []
    for o in load_orders(scope, event.id):
        dims = {"ticket_type": o.ticket_type, "channel": o.channel}
        if value == "tickets" and o.active:
            facts.append((o.placed_on, dims, float(o.quantity)))
        elif value == "orders":
            facts.append((o.placed_on, dims, 1.0))
        elif value == "cancellations" and o.cancelled_on is not None:
            facts.append((o.cancelled_on, dims, 1.0))
    return facts


def _bag(facts: list[Fact]) -> Counter[tuple[date | None, tuple[tuple[str, str], ...], float]]:
    return Counter((day, tuple(sorted(dims.items())), value) for day, dims, value in facts)


@pytest.mark.parametrize("value", ["tickets", "orders", "cancellations"])
def test_the_narrow_read_gives_the_full_reads_facts_on_every_event(
    scope: Scope, value: str
) -> None:
    events = scope.session.scalars(select(Event).where(Event.tenant_id == scope.tenant_id)).all()
    assert events
    for event in events:
        expected = _from_full_orders(scope, event, value)
        assert expected  # the demo has orders and cancellations on every event
        assert _bag(order_facts(scope, event, value)) == _bag(expected)


def test_another_tenants_orders_are_not_read(scope: Scope) -> None:
    event = scope.session.scalars(select(Event).where(Event.tenant_id == scope.tenant_id)).first()
    assert event is not None
    other = replace(scope, tenant_id="no-such-tenant")
    assert order_facts(other, event, "orders") == []


@pytest.mark.parametrize("group_by", [None, GroupBy.CHANNEL, GroupBy.WEEK])
def test_tickets_sold_is_the_sum_of_active_orders_quantities(
    scope: Scope, group_by: GroupBy | None
) -> None:
    result = query_metric(scope, Metric.TICKETS_SOLD, group_by=group_by)
    event = scope.session.get(Event, result["event_id"])
    assert event is not None
    active = sum(o.quantity for o in load_orders(scope, event.id) if o.active)
    assert result["total"] == active > 0
