"""runs.worker_id: the queue worker executing a run (dead workers' runs are requeued)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 00:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "worker_id",
                sa.String(length=100),
                nullable=True,
                comment="The queue worker running it; NULL: queued, or run in the API process.",
            )
        )
        batch_op.alter_column(
            "status",
            existing_type=sa.String(length=16),
            existing_nullable=False,
            comment="queued | running | done | interrupted | error | cancelled",
            existing_comment="running | done | interrupted | error | cancelled",
        )


def downgrade() -> None:
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.alter_column(
            "status",
            existing_type=sa.String(length=16),
            existing_nullable=False,
            comment="running | done | interrupted | error | cancelled",
            existing_comment="queued | running | done | interrupted | error | cancelled",
        )
        batch_op.drop_column("worker_id")
