"""Serialising the actions that count against the same cumulative limit.

The cumulative limits (refunds per order and per customer a day, an agent's daily
outreach cap) add up what is already done or on its way. Two runs that decide at the
same moment each see the other's action as not yet there, so both pass, and the limit
is exceeded without a human. The executor therefore re-checks the policy right before
it acts, inside the transaction that acts, while holding a lock on the limit's
*subject*:

- a refund: the customer (the buyer's mailbox, ``domain.mailboxes``), which covers
  both the order's total and the customer's daily total, since an order has one buyer;
- an email or meeting: the agent (its daily outreach cap);
- any other action: the tool, per tenant.

On Postgres the lock is ``pg_advisory_xact_lock``: held until the transaction commits
or rolls back, so the second executor reads the first one's committed refund or email
(READ COMMITTED gives each statement after the lock a fresh snapshot). On SQLite every
transaction starts with ``BEGIN IMMEDIATE`` (``domain.db``), which already makes
writers queue for the whole transaction; there is nothing more to take.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import text

from domain.errors import DomainError
from domain.mailboxes import canonical_mailbox
from domain.policy.arguments import arg_str
from domain.policy.rules_deny import OUTREACH_TOOLS
from domain.scope import Scope
from domain.support.orders import find_order

_LOCK = text("select pg_advisory_xact_lock(hashtextextended(:key, 0))")


def limit_subject(scope: Scope, *, tool: str, agent: str, args: Mapping[str, Any]) -> str:
    """What the action's cumulative limits are about (see the module docstring)."""
    if tool == "process_refund":
        number = arg_str(args, "order_number") or ""
        try:
            return f"refunds:{canonical_mailbox(find_order(scope, number).buyer_email)}"
        except DomainError:
            return f"refunds:order:{number.strip().upper()}"  # fails when it runs anyway
    if tool in OUTREACH_TOOLS:
        return f"outreach:{agent}"
    return f"tool:{tool}"


def hold_limit_lock(scope: Scope, *, tool: str, agent: str, args: Mapping[str, Any]) -> str:
    """Wait for, and hold until the transaction ends, the lock of the action's limit subject.

    Returns:
        The lock's key (``switchboard-limit:<tenant>:<subject>``), for logs and tests.
    """
    subject = limit_subject(scope, tool=tool, agent=agent, args=args)
    key = f"switchboard-limit:{scope.tenant_id}:{subject}"
    if scope.session.get_bind().dialect.name == "postgresql":
        scope.session.execute(_LOCK, {"key": key})
    return key
