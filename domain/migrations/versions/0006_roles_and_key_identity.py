"""roles, key identity and separation of duties

API keys get a role, a person and an expiry (and a pointer to the key that replaced a
rotated one); audit rows name the key and person they were done for; approvals record
who requested them; tenants get the separation-of-duties switch.

Keys that exist before this migration become ``admin``: they could do everything
before, and a deploy must not lock the console out. New keys default to ``viewer``.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 01:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "role",
                sa.String(length=16),
                nullable=False,
                server_default="admin",
                comment="viewer | operator | approver | admin",
            )
        )
        batch_op.add_column(
            sa.Column(
                "person",
                sa.String(length=200),
                nullable=True,
                comment="Who holds the key, e.g. 'Ada <ada@example.com>'.",
            )
        )
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column(
                "replaced_by_id",
                sa.Integer(),
                nullable=True,
                comment="The key that replaced this one when it was rotated.",
            )
        )
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.alter_column("role", server_default=None, existing_type=sa.String(length=16))

    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "key_id",
                sa.Integer(),
                nullable=True,
                comment="The API key the event was done for (None: CLI).",
            )
        )
        batch_op.add_column(sa.Column("key_name", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("person", sa.String(length=200), nullable=True))

    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "requested_by",
                sa.String(length=100),
                nullable=True,
                comment="Actor of the run that proposed the action.",
            )
        )
        batch_op.add_column(
            sa.Column(
                "requested_key_id",
                sa.Integer(),
                nullable=True,
                comment="API key of the run that proposed the action (None: CLI).",
            )
        )
        batch_op.add_column(sa.Column("requested_person", sa.String(length=200), nullable=True))

    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "require_distinct_approver",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
                comment="Separation of duties: no key approves what it requested.",
            )
        )
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.alter_column(
            "require_distinct_approver", server_default=None, existing_type=sa.Boolean()
        )


def downgrade() -> None:
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.drop_column("require_distinct_approver")
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.drop_column("requested_person")
        batch_op.drop_column("requested_key_id")
        batch_op.drop_column("requested_by")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("person")
        batch_op.drop_column("key_name")
        batch_op.drop_column("key_id")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_column("replaced_by_id")
        batch_op.drop_column("expires_at")
        batch_op.drop_column("person")
        batch_op.drop_column("role")
