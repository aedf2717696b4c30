"""lead pipeline steps: one row per lead and stage (seed 002)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "lead_pipeline_steps"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column(
            "stage",
            sa.String(length=16),
            nullable=False,
            comment="sourced | enriched | verified | scored",
        ),
        sa.Column("status", sa.String(length=16), nullable=False, comment="done | failed"),
        sa.Column(
            "advance",
            sa.Boolean(),
            nullable=False,
            comment="whether the lead goes on to the next stage (not when uncontactable)",
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_lead_pipeline_steps_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_lead_pipeline_steps_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_pipeline_steps")),
        sa.UniqueConstraint(
            "tenant_id", "contact_id", "stage", name=op.f("uq_lead_pipeline_steps_tenant_id")
        ),
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lead_pipeline_steps_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_lead_pipeline_steps_tenant_id"), ["tenant_id"], unique=False
        )
        batch_op.create_index(
            "ix_lead_pipeline_steps_status", ["status", "updated_at"], unique=False
        )


def downgrade() -> None:
    op.drop_table(TABLE)
