"""crons.thread_id: a cron bound to a thread fires on it (LangGraph thread crons)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 22:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("crons", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "thread_id",
                sa.String(length=64),
                nullable=True,
                comment="The thread every fire runs on; none: a new thread per fire.",
            )
        )
        batch_op.create_index(batch_op.f("ix_crons_thread_id"), ["thread_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_crons_thread_id_threads"),
            "threads",
            ["thread_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("crons", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_crons_thread_id_threads"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_crons_thread_id"))
        batch_op.drop_column("thread_id")
