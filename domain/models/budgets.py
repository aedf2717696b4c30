"""Daily LLM budgets per tenant and per agent, the usage ledger and the alerts sent.

A budget row's ``agent`` is a department (``sales``...), ``supervisor`` (routing and
synthesis calls) or ``*`` for the whole tenant. A NULL limit means unlimited. Usage is
one row per tenant, agent and UTC day, only ever changed by atomic increments.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, utcnow

TENANT_WIDE = "*"
"""The ``agent`` of a tenant's total budget and usage rows."""


class Budget(Base):
    """Daily limits for a tenant (``agent='*'``) or one of its agents."""

    __tablename__ = "budgets"
    __table_args__ = (UniqueConstraint("tenant_id", "agent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    agent: Mapped[str] = mapped_column(String(32))
    max_runs: Mapped[int | None] = mapped_column(default=None)
    max_llm_calls: Mapped[int | None] = mapped_column(default=None)
    max_tokens: Mapped[int | None] = mapped_column(BigInteger, default=None)
    max_cost_micro_usd: Mapped[int | None] = mapped_column(
        BigInteger, default=None, comment="US dollars x 1,000,000."
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BudgetUsage(Base):
    """What a tenant (``agent='*'``) or one agent used on one UTC day."""

    __tablename__ = "budget_usage"
    __table_args__ = (UniqueConstraint("tenant_id", "agent", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    agent: Mapped[str] = mapped_column(String(32))
    day: Mapped[date] = mapped_column()
    runs: Mapped[int] = mapped_column(default=0)
    llm_calls: Mapped[int] = mapped_column(default=0)
    input_tokens: Mapped[int] = mapped_column(BigInteger, default=0)
    output_tokens: Mapped[int] = mapped_column(BigInteger, default=0)
    cost_micro_usd: Mapped[int] = mapped_column(BigInteger, default=0)


class BudgetAlert(Base):
    """One alert sent: at most one per tenant, agent, day, metric and threshold."""

    __tablename__ = "budget_alerts"
    __table_args__ = (UniqueConstraint("tenant_id", "agent", "day", "metric", "threshold"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    agent: Mapped[str] = mapped_column(String(32))
    day: Mapped[date] = mapped_column()
    metric: Mapped[str] = mapped_column(String(16), comment="runs | llm_calls | tokens | cost")
    threshold: Mapped[int] = mapped_column(comment="Percent of the limit: 80 or 100.")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
