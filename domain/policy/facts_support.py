"""Facts about a refund: the amount asked, the order, and what is already refunded or on its way.

The cumulative figures make the $500 rule unsplittable: an order's refunds (processed,
approved but not yet run, proposed earlier in the same run, and this one) are added
up, and so are one customer's refunds on the business day across their orders. The
customer is the buyer's mailbox (``domain.mailboxes``), so ``maya+x@`` is Maya.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from domain.errors import DomainError, InvalidArgumentError
from domain.mailboxes import canonical_mailbox, indexed_mailbox_candidates
from domain.models import Order, Refund
from domain.policy.arguments import arg_decimal, arg_str
from domain.policy.inflight import InFlight, Pending
from domain.scope import Scope
from domain.support.orders import entitlement, find_order, order_event, refunded_total, refunds_of
from domain.support.refund_policy import CENT


def refund_facts(scope: Scope, args: Mapping[str, Any], pending: Pending) -> dict[str, Any]:
    """The refund a ``process_refund`` call would make, with the order's and customer's totals.

    The amount is the ``amount`` argument when given, else the most the event's refund
    policy allows for the order today (what the tool would refund).

    Returns:
        ``refund_amount`` and the order (``order_number``, ``refundable``...), then
        ``order_refunded`` (processed), ``order_refunds_in_flight`` (approved, not run,
        or earlier in this run), ``order_refund_total`` (all three plus this one),
        ``refundable_remaining`` (what the policy still allows once the in-flight ones
        run), and the customer's ``customer_refunded_today`` /
        ``customer_refunds_in_flight`` / ``customer_refund_total_today``.

    Raises:
        InvalidArgumentError: no order number.
        NotFoundError: unknown order (names ``order_number``).
    """
    number = arg_str(args, "order_number")
    if number is None:
        raise InvalidArgumentError("order_number", "is required to check a refund")
    order = find_order(scope, number)
    allowed = entitlement(scope, order, order_event(scope, order))
    asked = arg_decimal(args, "amount")
    amount = allowed.refundable if asked is None else asked.quantize(CENT)
    in_flight = [
        (item, value)
        for item in pending.of("process_refund")
        if (value := _in_flight_amount(scope, item)) is not None
    ]
    on_order = [(item, v) for item, v in in_flight if _order_number(item) == order.number]
    order_refunded = refunded_total(refunds_of(scope, order))
    order_in_flight = _total(v for _, v in on_order)
    customer = canonical_mailbox(order.buyer_email)
    orders = _customer_orders(scope, order.buyer_email)
    numbers = {o.number for o in orders}
    customer_today = _refunded_today(scope, [o.id for o in orders])
    customer_in_flight = _total(v for item, v in in_flight if _order_number(item) in numbers)
    return {
        "order_number": order.number,
        "order_status": order.status,
        "order_total": order.amount,
        "refund_amount": amount,
        "refund_amount_source": "policy_maximum" if asked is None else "amount",
        "refundable": allowed.refundable,
        "refundable_remaining": max(Decimal(0), allowed.refundable - order_in_flight),
        "refund_rule": allowed.rule.value,
        "order_refunded": order_refunded,
        "order_refunds_in_flight": order_in_flight,
        "order_refunds_in_flight_from": [item.label for item, _ in on_order],
        "order_refund_total": order_refunded + order_in_flight + amount,
        "customer": customer,
        "customer_orders": sorted(numbers),
        "customer_refunded_today": customer_today,
        "customer_refunds_in_flight": customer_in_flight,
        "customer_refund_total_today": customer_today + customer_in_flight + amount,
    }


def _order_number(item: InFlight) -> str:
    return str(item.args.get("order_number") or "").strip().upper()


def _in_flight_amount(scope: Scope, item: InFlight) -> Decimal | None:
    """What an in-flight refund will return: its amount, else its order's policy maximum."""
    try:
        asked = arg_decimal(item.args, "amount")
        if asked is not None:
            return asked.quantize(CENT)
        order = find_order(scope, _order_number(item))
        return entitlement(scope, order, order_event(scope, order)).refundable
    except DomainError:
        return None  # it names nothing refundable; it will fail when it runs


def _customer_orders(scope: Scope, buyer_email: str) -> list[Order]:
    """Every order of the tenant bought from the same mailbox as ``buyer_email``."""
    wanted = canonical_mailbox(buyer_email)
    rows = scope.session.scalars(
        select(Order).where(
            Order.tenant_id == scope.tenant_id,
            indexed_mailbox_candidates(Order.buyer_email, buyer_email),
        )
    ).all()
    return [o for o in rows if canonical_mailbox(o.buyer_email) == wanted]


def _refunded_today(scope: Scope, order_ids: list[int]) -> Decimal:
    """Refunds processed on these orders on the business day (stamped with ``Scope.now``)."""
    if not order_ids:
        return Decimal(0)
    start = datetime.combine(scope.today, time.min, tzinfo=UTC)
    amounts = scope.session.scalars(
        select(Refund.amount).where(
            Refund.tenant_id == scope.tenant_id,
            Refund.order_id.in_(order_ids),
            Refund.status == "processed",
            Refund.processed_at >= start,
            Refund.processed_at < start + timedelta(days=1),
        )
    ).all()
    return _total(amounts)


def _total(values: Any) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal(0)).quantize(CENT)
