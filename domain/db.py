"""Engines and sessions for the business database (SQLite by default, Postgres by URL).

Two kinds of transaction, chosen by name at every call site:

- ``tenant_transaction``: work for one tenant. On Postgres each transaction (and each
  one after a commit inside the same session) starts with ``set_config('role', ...,
  true)`` and ``set_config('app.tenant_id', ..., true)``, both transaction-local, so
  row-level security (migration 0009) confines every statement to that tenant even when
  a query forgets its ``tenant_id`` filter. Transaction-local settings end with the
  transaction (commit or rollback, including the pool's rollback on check-in), so a
  pooled connection never carries a tenant or role to its next user.
- ``system_transaction``: cross-tenant work (API-key lookup by digest, seeding, the
  CLI's admin commands, migrations) on the connecting role, which must be a superuser or
  have BYPASSRLS to see through the policies.

SQLite has no row-level security: there the application's ``tenant_id`` filters are
the only guard, and both kinds of transaction behave alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for another to finish before giving up."""

DEFAULT_TENANT_ROLE = "switchboard_app"
"""The NOLOGIN Postgres role tenant transactions switch to (created by migration 0009)."""

TENANT_SETTING = "app.tenant_id"
"""The Postgres setting the row-level security policies compare ``tenant_id`` with."""

_TENANT_KEY = "switchboard.tenant_id"
_ROLE_KEY = "switchboard.tenant_role"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine; for SQLite, create its folder and turn on foreign keys and WAL."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.close()
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN (below)

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn: Any) -> None:
            # Parallel graph tasks write at once. A deferred transaction that read first
            # cannot upgrade to a write in WAL mode and fails at once ("database is
            # locked"); taking the write lock up front makes writers queue instead.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def refresh_statistics(engine: Engine) -> None:
    """Have Postgres gather its planner statistics now, after a bulk load such as seeding.

    Postgres chooses join strategies from these statistics, and until autovacuum gets to
    a freshly loaded database it takes every table for nearly empty. On the new demo
    tenant that turned the ticket forecast's orders-with-refunds join into 3,000 nested
    scans of the refund totals: 750 ms instead of 2 ms per ``/metrics/tickets``. SQLite
    plans well without statistics and is left as it is.
    """
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()


def session_factory(
    engine: Engine, *, tenant_role: str = DEFAULT_TENANT_ROLE
) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit, so results outlive the transaction.

    Args:
        engine: the business database.
        tenant_role: the role ``tenant_transaction`` switches to on Postgres.
    """
    factory = sessionmaker(engine, expire_on_commit=False, info={_ROLE_KEY: tenant_role})
    event.listen(factory, "after_begin", _enter_tenant)
    return factory


def _enter_tenant(session: Session, transaction: SessionTransaction, conn: Connection) -> None:
    """Start each transaction of a tenant session as the tenant role, for that tenant."""
    tenant_id = session.info.get(_TENANT_KEY)
    if tenant_id is None or transaction.nested or conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql(
        "select set_config('role', %(role)s, true), set_config(%(setting)s, %(tenant)s, true)",
        {"role": session.info[_ROLE_KEY], "setting": TENANT_SETTING, "tenant": tenant_id},
    )


@contextmanager
def tenant_transaction(factory: sessionmaker[Session], tenant_id: str) -> Iterator[Session]:
    """A session for one tenant, committed on success and rolled back on any error.

    On Postgres, row-level security lets it see and write only ``tenant_id``'s rows.
    """
    with tenant_session(factory, tenant_id) as session, session.begin():
        yield session


def tenant_session(factory: sessionmaker[Session], tenant_id: str) -> Session:
    """A session whose every transaction is confined to ``tenant_id`` (caller begins it)."""
    if not tenant_id:
        raise ValueError("a tenant session needs a tenant id")
    return factory(info={_TENANT_KEY: tenant_id})


@contextmanager
def system_transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A cross-tenant session on the connecting role, committed on success.

    Only for work that is not one tenant's: authenticating an API key by its digest,
    migrations, seeding, admin commands. Tenant work uses ``tenant_transaction``.
    """
    with factory() as session, session.begin():
        yield session


transaction = system_transaction
"""Former name of ``system_transaction``, kept so older call sites still read plainly."""
