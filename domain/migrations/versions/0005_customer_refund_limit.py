"""customer daily refund limit on agent configs

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("agent_configs") as batch:
        batch.add_column(
            sa.Column(
                "max_daily_refund_per_customer",
                sa.Numeric(precision=12, scale=2),
                nullable=False,
                server_default="500.00",
                comment="USD one customer may get back a day, all orders, before a human decides.",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("agent_configs") as batch:
        batch.drop_column("max_daily_refund_per_customer")
