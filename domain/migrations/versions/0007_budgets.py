"""daily LLM budgets, usage ledger and budget alerts

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tenant_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id"],
        ["tenants.id"],
        name=op.f(f"fk_{table}_tenant_id_tenants"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "budgets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("agent", sa.String(length=32), nullable=False),
        sa.Column("max_runs", sa.Integer(), nullable=True),
        sa.Column("max_llm_calls", sa.Integer(), nullable=True),
        sa.Column("max_tokens", sa.BigInteger(), nullable=True),
        sa.Column(
            "max_cost_micro_usd", sa.BigInteger(), nullable=True, comment="US dollars x 1,000,000."
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _tenant_fk("budgets"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budgets")),
        sa.UniqueConstraint("tenant_id", "agent", name=op.f("uq_budgets_tenant_id")),
    )
    op.create_table(
        "budget_usage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("agent", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("llm_calls", sa.Integer(), nullable=False),
        sa.Column("input_tokens", sa.BigInteger(), nullable=False),
        sa.Column("output_tokens", sa.BigInteger(), nullable=False),
        sa.Column("cost_micro_usd", sa.BigInteger(), nullable=False),
        _tenant_fk("budget_usage"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_usage")),
        sa.UniqueConstraint("tenant_id", "agent", "day", name=op.f("uq_budget_usage_tenant_id")),
    )
    op.create_table(
        "budget_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("agent", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "metric",
            sa.String(length=16),
            nullable=False,
            comment="runs | llm_calls | tokens | cost",
        ),
        sa.Column(
            "threshold", sa.Integer(), nullable=False, comment="Percent of the limit: 80 or 100."
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _tenant_fk("budget_alerts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_alerts")),
        sa.UniqueConstraint(
            "tenant_id",
            "agent",
            "day",
            "metric",
            "threshold",
            name=op.f("uq_budget_alerts_tenant_id"),
        ),
    )
    for table in ("budgets", "budget_usage", "budget_alerts"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_tenant_id"), ["tenant_id"], unique=False)


def downgrade() -> None:
    for table in ("budget_alerts", "budget_usage", "budgets"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_tenant_id"))
        op.drop_table(table)
