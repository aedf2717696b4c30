"""outbox delivery state for the SMTP relay

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-05 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "delivery_status",
                sa.String(length=16),
                nullable=True,
                comment="NULL: not delivered by mail | queued | sending | retry | delivered | "
                "suppressed | failed",
            )
        )
        batch_op.add_column(
            sa.Column("delivery_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("delivery_next_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("delivery_error", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("message_id", sa.String(length=200), nullable=True))
        batch_op.create_index(
            "ix_outbox_delivery_due", ["delivery_status", "delivery_next_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_delivery_due")
        batch_op.drop_column("message_id")
        batch_op.drop_column("delivery_error")
        batch_op.drop_column("delivery_next_at")
        batch_op.drop_column("delivery_attempts")
        batch_op.drop_column("delivery_status")
