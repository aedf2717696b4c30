"""Order lookups served by indexes rather than a read of every order (migration 0016).

``find_order`` (case-insensitive) runs on every refund, ticket and transfer request, and
the refund policy looks up the buyer's other orders by mailbox; without
``ix_orders_tenant_number_upper`` and ``ix_orders_tenant_buyer_domain`` each of these
read all of the tenant's orders, 11k in the demo. The indexed filters must keep exactly
the rows the plain ones keep.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, literal, select

from domain.demo import anchors
from domain.mailboxes import indexed_mailbox_candidates, mailbox_candidates, mailbox_domain
from domain.models import Order
from domain.policy.facts_support import _customer_orders
from domain.scope import Scope
from domain.support.orders import find_order

TRICKY_EMAILS = [
    " Maya.Lindqvist+Refunds@EXAMPLE.org ",
    "maya.lindqvist@example.org.",
    "Maya <maya.lindqvist@example.org>",
    "odd@maya.lindqvist@example.org",
    "maya.lindqvist@sub.example.org",
    "maya.lindqvist@example.organic",
    "J.Doe@GoogleMail.com",
    "jdoe@gmail.com",
    "no-at-sign",
]


def _plan_of(scope: Scope, lookup: Callable[[], Any]) -> str:
    """The query plan of the one ``orders`` query ``lookup`` runs."""
    connection = scope.session.connection()
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if "FROM orders" in statement:
            seen.append((statement, params))

    event.listen(connection, "before_cursor_execute", record)
    try:
        lookup()
    finally:
        event.remove(connection, "before_cursor_execute", record)
    assert len(seen) == 1
    statement, params = seen[0]
    explain = "EXPLAIN QUERY PLAN " if connection.dialect.name == "sqlite" else "EXPLAIN "
    return " ".join(str(row) for row in connection.exec_driver_sql(explain + statement, params))


def test_find_order_ignores_case_and_surrounding_space(scope: Scope) -> None:
    number = anchors.ORDER_BELOW_REFUND_THRESHOLD
    assert find_order(scope, f"  {number.lower()} ").number == number


def test_find_order_reads_the_number_index(scope: Scope) -> None:
    plan = _plan_of(scope, lambda: find_order(scope, anchors.ORDER_BELOW_REFUND_THRESHOLD))
    assert "ix_orders_tenant_number_upper" in plan


def test_customer_orders_read_the_domain_index(scope: Scope) -> None:
    orders: list[Order] = []
    plan = _plan_of(
        scope, lambda: orders.extend(_customer_orders(scope, anchors.ORDER_BUYER_EMAIL))
    )
    assert "ix_orders_tenant_buyer_domain" in plan
    assert anchors.ORDER_BELOW_REFUND_THRESHOLD in {o.number for o in orders}


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("  Maya@Example.ORG  ", "example.org"),
        ("a@b@c.example", "c.example"),
        ("trailing@", ""),
        ("no-at-sign", "no-at-sign"),
        ("Maya <maya@example.org>", "example.org>"),
    ],
)
def test_mailbox_domain_is_what_follows_the_last_at(scope: Scope, text: str, domain: str) -> None:
    assert scope.session.scalar(select(mailbox_domain(literal(text)))) == domain


def test_the_indexed_filter_keeps_the_same_orders(scope: Scope) -> None:
    model = find_order(scope, anchors.ORDER_BELOW_REFUND_THRESHOLD)
    for n, email in enumerate(TRICKY_EMAILS):
        scope.session.add(
            Order(
                tenant_id=scope.tenant_id,
                number=f"ORD-T{n}",
                event_id=model.event_id,
                ticket_type_id=model.ticket_type_id,
                buyer_name="Test",
                buyer_email=email,
                quantity=1,
                amount=model.amount,
                placed_at=model.placed_at,
            )
        )
    scope.session.flush()

    def numbers(condition: Any) -> set[str]:
        query = select(Order.number).where(Order.tenant_id == scope.tenant_id, condition)
        return set(scope.session.scalars(query))

    for address in [anchors.ORDER_BUYER_EMAIL, "jdoe@gmail.com", "x@mail.example"]:
        plain = numbers(mailbox_candidates(Order.buyer_email, address))
        assert plain, address
        assert numbers(indexed_mailbox_candidates(Order.buyer_email, address)) == plain
