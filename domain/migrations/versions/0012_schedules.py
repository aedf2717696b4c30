"""schedules: per-tenant crons, their fires, runs.cron_id, pause-all, follow-up outcome

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 21:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "crons",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.String(length=24),
            nullable=False,
            comment="daily_operations | daily_insights | campaign_optimisation | due_followups "
            "| request",
        ),
        sa.Column(
            "schedule",
            sa.String(length=120),
            nullable=False,
            comment="Cron expression, five fields (minute hour day month weekday).",
        ),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column(
            "request_text", sa.Text(), nullable=False, comment="What each run asks the supervisor."
        ),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_fired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_run_id", sa.String(length=64), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column(
            "created_key_id",
            sa.Integer(),
            nullable=True,
            comment="The API key that created it; its runs act for that key.",
        ),
        sa.Column("created_person", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_crons_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crons")),
        sa.UniqueConstraint("tenant_id", "name", name=op.f("uq_crons_tenant_id")),
    )
    with op.batch_alter_table("crons", schema=None) as batch_op:
        batch_op.create_index("ix_crons_due", ["paused", "next_run_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_crons_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "cron_fires",
        sa.Column("cron_id", sa.Integer(), nullable=False),
        sa.Column(
            "scheduled_for",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="The period's due time.",
        ),
        sa.Column(
            "fired_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When a scheduler claimed it.",
        ),
        sa.Column(
            "missed",
            sa.Integer(),
            nullable=False,
            comment="Later periods that were also due and fired with this one.",
        ),
        sa.Column(
            "status",
            sa.String(length=16),
            nullable=False,
            comment="claimed | started | skipped | failed",
        ),
        sa.Column("run_id", sa.String(length=64), nullable=True),
        sa.Column("thread_id", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["cron_id"],
            ["crons.id"],
            name=op.f("fk_cron_fires_cron_id_crons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_cron_fires_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cron_fires")),
        sa.UniqueConstraint("cron_id", "scheduled_for", name=op.f("uq_cron_fires_cron_id")),
    )
    with op.batch_alter_table("cron_fires", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cron_fires_cron_id"), ["cron_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cron_fires_tenant_id"), ["tenant_id"], unique=False)

    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "cron_id",
                sa.Integer(),
                nullable=True,
                comment="The schedule that started the run; NULL for a typed request.",
            )
        )
        batch_op.create_index(batch_op.f("ix_runs_cron_id"), ["cron_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_runs_cron_id_crons"), "crons", ["cron_id"], ["id"], ondelete="SET NULL"
        )

    with op.batch_alter_table("followups", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "outcome",
                sa.Text(),
                nullable=True,
                comment="What executing it did, or why it was skipped or cancelled.",
            )
        )

    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "automation_paused",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
                comment="Pause all automation: no cron fires and no follow-up is drafted while "
                "set.",
            )
        )
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.alter_column("automation_paused", server_default=None, existing_type=sa.Boolean())


def downgrade() -> None:
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.drop_column("automation_paused")
    with op.batch_alter_table("followups", schema=None) as batch_op:
        batch_op.drop_column("outcome")
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_runs_cron_id_crons"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_runs_cron_id"))
        batch_op.drop_column("cron_id")
    with op.batch_alter_table("cron_fires", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cron_fires_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_cron_fires_cron_id"))
    op.drop_table("cron_fires")
    with op.batch_alter_table("crons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crons_tenant_id"))
        batch_op.drop_index("ix_crons_due")
    op.drop_table("crons")
