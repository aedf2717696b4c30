"""privacy: suppressions, erasure receipts, tenant postal address

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 01:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tenant_scoped(name: str, *columns: sa.Column, unique: tuple[str, ...] = ()) -> None:
    constraints: list[sa.Constraint] = [
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f(f"fk_{name}_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    ]
    if unique:
        constraints.append(sa.UniqueConstraint(*unique, name=op.f(f"uq_{name}_{unique[0]}")))
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        *columns,
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        *constraints,
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_tenant_id"), ["tenant_id"], unique=False)


THREAD_STATUS = "idle | busy | interrupted | error"


def _thread_status_comment(comment: str) -> None:
    """A thread can now be ``erased``; SQLite keeps no column comments."""
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "threads",
            "status",
            existing_type=sa.String(length=16),
            existing_nullable=False,
            comment=comment,
        )


def upgrade() -> None:
    _thread_status_comment(f"{THREAD_STATUS} | erased")
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "postal_address",
                sa.Text(),
                nullable=True,
                comment="Sender's physical postal address; CAN-SPAM requires it in every "
                "commercial email, so outreach is refused while it is NULL.",
            )
        )
    _tenant_scoped(
        "suppressions",
        sa.Column("email_hash", sa.String(length=64), nullable=False, comment="HMAC-SHA256, hex"),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        unique=("tenant_id", "email_hash"),
    )
    _tenant_scoped(
        "erasure_receipts",
        sa.Column(
            "subject",
            sa.String(length=80),
            nullable=False,
            comment="the person's pseudonym, erased:<hmac>",
        ),
        sa.Column("requested_by", sa.String(length=100), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "rows",
            sa.JSON(),
            nullable=False,
            comment="{table: rows changed}, plus checkpoint threads deleted",
        ),
        sa.Column(
            "threads",
            sa.JSON(),
            nullable=False,
            comment="ids of the threads whose checkpoints were deleted",
        ),
    )
    with op.batch_alter_table("erasure_receipts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_erasure_receipts_subject"), ["subject"], unique=False)


def downgrade() -> None:
    _thread_status_comment(THREAD_STATUS)
    with op.batch_alter_table("erasure_receipts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_erasure_receipts_subject"))
        batch_op.drop_index(batch_op.f("ix_erasure_receipts_tenant_id"))
    op.drop_table("erasure_receipts")
    with op.batch_alter_table("suppressions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suppressions_tenant_id"))
    op.drop_table("suppressions")
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.drop_column("postal_address")
