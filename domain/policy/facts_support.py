"""Facts about a refund: the amount asked (or the policy's maximum) and the order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.errors import InvalidArgumentError
from domain.policy.arguments import arg_decimal, arg_str
from domain.scope import Scope
from domain.support.orders import entitlement, find_order, order_event
from domain.support.refund_policy import CENT


def refund_facts(scope: Scope, args: Mapping[str, Any]) -> dict[str, Any]:
    """The refund a ``process_refund`` call would make.

    The amount is the ``amount`` argument when given, else the most the event's refund
    policy allows for the order today (what the tool would refund).

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
    return {
        "order_number": order.number,
        "order_status": order.status,
        "order_total": order.amount,
        "refund_amount": allowed.refundable if asked is None else asked.quantize(CENT),
        "refund_amount_source": "policy_maximum" if asked is None else "amount",
        "refundable": allowed.refundable,
        "refund_rule": allowed.rule.value,
    }
