"""orders: indexes for the order-number lookup and a customer's orders by mailbox domain

``domain.support.orders.find_order`` matches ``upper(number)``, which the unique
(tenant_id, number) constraint cannot serve, and the refund policy finds a customer's
orders by the domain of ``buyer_email`` (``domain.mailboxes.mailbox_domain``). Without
these indexes both read every order of the tenant, on every refund run.

Revision ID: 0016
Revises: 0009
Create Date: 2026-12-06 12:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STORED = "lower(rtrim(buyer_email))"
BUYER_DOMAIN = f"replace({_STORED}, rtrim({_STORED}, replace({_STORED}, '@', '')), '')"
"""``domain.mailboxes.mailbox_domain(Order.buyer_email)`` as SQL (the same expression)."""


def upgrade() -> None:
    op.create_index(
        "ix_orders_tenant_number_upper", "orders", ["tenant_id", sa.text("upper(number)")]
    )
    op.create_index("ix_orders_tenant_buyer_domain", "orders", ["tenant_id", sa.text(BUYER_DOMAIN)])


def downgrade() -> None:
    op.drop_index("ix_orders_tenant_buyer_domain", table_name="orders")
    op.drop_index("ix_orders_tenant_number_upper", table_name="orders")
