"""What row-level security costs a tenant transaction on Postgres.

Builds a scratch database on ``SWITCHBOARD_TEST_POSTGRES_URL``'s server (migrated, demo
seeded), then runs the same typical REST-list transaction (load the tenant, list 50
contacts, count and sum the tenant's paid orders) two ways, interleaved in rounds so
machine noise hits both alike:

- ``system``: the connecting superuser, application filters only (RLS bypassed);
- ``system+1``: the same plus one extra ``select 1``: the cost of the extra round trip;
- ``tenant``: ``tenant_transaction``: role switch + tenant setting, policies applied.

Run: ``.venv/bin/python -m bench.row_security [transactions per round] [rounds]``.
"""

from __future__ import annotations

import statistics
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from time import perf_counter

import psycopg
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bench.demo_db import DEMO_SNAPSHOT
from domain.db import make_engine, session_factory, system_transaction, tenant_transaction
from domain.demo import anchors, build_demo
from domain.migrate import upgrade
from domain.models import Contact, Order, Tenant
from switchboard.settings import Settings, normalise_database_url

TENANT = anchors.TENANT_ID


def _typical_list(session: Session) -> None:
    session.get(Tenant, TENANT)
    session.scalars(
        select(Contact).where(Contact.tenant_id == TENANT).order_by(Contact.id).limit(50)
    ).all()
    session.execute(
        select(func.count(), func.sum(Order.amount)).where(
            Order.tenant_id == TENANT, Order.status == "paid"
        )
    ).one()


def _per_transaction_ms(
    opener: Callable[[], AbstractContextManager[Session]], transactions: int
) -> float:
    started = perf_counter()
    for _ in range(transactions):
        with opener() as session:
            _typical_list(session)
    return (perf_counter() - started) * 1000 / transactions


@contextmanager
def _system_plus_round_trip(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with system_transaction(sessions) as session:
        session.execute(text("select 1"))
        yield session


def measure(sessions: sessionmaker[Session], transactions: int, rounds: int) -> dict[str, float]:
    """Median milliseconds per transaction for each way."""
    ways: dict[str, Callable[[], AbstractContextManager[Session]]] = {
        "system": lambda: system_transaction(sessions),
        "system+1": lambda: _system_plus_round_trip(sessions),
        "tenant": lambda: tenant_transaction(sessions, TENANT),
    }
    for opener in ways.values():  # warm the pool and the plan caches
        _per_transaction_ms(opener, 20)
    samples: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(rounds):
        for name, opener in ways.items():
            samples[name].append(_per_transaction_ms(opener, transactions))
    return {name: statistics.median(values) for name, values in samples.items()}


def main(transactions: int = 300, rounds: int = 5) -> None:
    admin = Settings().test_postgres_url
    name = f"bench_rls_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = normalise_database_url(make_url(admin).set(database=name).render_as_string(False))
    engine = make_engine(url)
    try:
        upgrade(engine)
        sessions = session_factory(engine)
        with system_transaction(sessions) as session:
            build_demo(session, tenant_id=TENANT, snapshot=DEMO_SNAPSHOT)
        result = measure(sessions, transactions, rounds)
    finally:
        engine.dispose()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    system = result["system"]
    print(f"typical list transaction, median of {rounds} rounds x {transactions}:")
    for way, label in (
        ("system", "system (no RLS)"),
        ("system+1", "system + 1 round trip"),
        ("tenant", "tenant (RLS)"),
    ):
        print(f"  {label:<22} {result[way]:6.2f} ms   {result[way] / system:.2f}x")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
