"""The daily usage ledger: one row per tenant, agent and UTC day, changed only atomically.

Every change is a single ``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n
RETURNING ...`` (Postgres and SQLite both have it), so concurrent calls in any number of
processes never lose an increment, and the caller sees the totals its own increment made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from domain.models import BudgetUsage

COUNTERS = ("runs", "llm_calls", "input_tokens", "output_tokens", "cost_micro_usd")
USAGE: Table = BudgetUsage.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class Usage:
    """One ledger row's totals."""

    runs: int = 0
    llm_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_micro_usd: int = 0

    @property
    def tokens(self) -> int:
        """Input plus output tokens."""
        return self.input_tokens + self.output_tokens


def increment(session: Session, tenant_id: str, agent: str, day: date, **deltas: int) -> Usage:
    """Add ``deltas`` (counter name → amount) to the row, creating it; the new totals."""
    unknown = set(deltas) - set(COUNTERS)
    if unknown:
        raise ValueError(f"unknown usage counters: {sorted(unknown)}")
    statement = _upsert(session.get_bind().dialect.name, tuple(sorted(deltas)))
    values = {name: deltas.get(name, 0) for name in COUNTERS}
    row = session.execute(
        statement, {"tenant_id": tenant_id, "agent": agent, "day": day, **values}
    ).one()
    return Usage(**dict(zip(COUNTERS, row, strict=True)))


@lru_cache(maxsize=64)
def _upsert(dialect: str, changed: tuple[str, ...]) -> Any:
    """The upsert for one dialect and set of counters, built once (building is slow)."""
    insert = _insert_for_dialect(dialect)
    statement = insert(USAGE).values(
        {name: bindparam(name) for name in ("tenant_id", "agent", "day", *COUNTERS)}
    )
    return statement.on_conflict_do_update(
        index_elements=["tenant_id", "agent", "day"],
        set_={name: USAGE.c[name] + statement.excluded[name] for name in changed},
    ).returning(*(USAGE.c[name] for name in COUNTERS))


def usage_of(session: Session, tenant_id: str, day: date) -> dict[str, Usage]:
    """The tenant's rows of ``day`` by agent (``*`` is the tenant's total)."""
    rows = session.execute(
        select(USAGE.c.agent, *(USAGE.c[name] for name in COUNTERS)).where(
            USAGE.c.tenant_id == tenant_id, USAGE.c.day == day
        )
    )
    return {row[0]: Usage(**dict(zip(COUNTERS, row[1:], strict=True))) for row in rows}


def insert_for(session: Session) -> Any:
    """The dialect's ``insert`` (both have ``on_conflict_do_update`` and ``returning``)."""
    return _insert_for_dialect(session.get_bind().dialect.name)


def _insert_for_dialect(name: str) -> Any:
    from sqlalchemy.dialects import postgresql, sqlite

    return postgresql.insert if name == "postgresql" else sqlite.insert
