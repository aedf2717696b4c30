"""What every CLI command shares: one-line failures, the configured database, the tenant."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from adapters.service_secret import privacy_key
from domain.clock import business_today
from domain.db import make_engine, session_factory
from domain.db import tenant_transaction as db_tenant_transaction
from domain.models import Tenant
from domain.scope import Scope
from switchboard.cli.errors import fail as fail
from switchboard.settings import Settings

CLI_ACTOR = "cli"
"""Recorded as the actor of everything a CLI call writes."""


def display_url(url: str) -> str:
    """The database URL as it is safe to print: any password masked."""
    return make_url(url).render_as_string(hide_password=True)


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (driver errors run to several)."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@contextmanager
def configured_engine(settings: Settings) -> Iterator[Engine]:
    """An engine on the configured business database, disposed afterwards."""
    engine = make_engine(settings.resolved_database_url())
    try:
        yield engine
    finally:
        engine.dispose()


def _sqlite_file_missing(url: str) -> bool:
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return False
    database = parsed.database or ""
    return database not in ("", ":memory:") and not Path(database).exists()


def _not_seeded(settings: Settings) -> NoReturn:
    url = display_url(settings.resolved_database_url())
    fail(f"no tenant '{settings.tenant}' in {url}; run `switchboard seed --demo` first")


def require_migrated(settings: Settings) -> None:
    """Leave the CLI with one line unless the business database is reachable and migrated.

    An absent SQLite file is reported, never created (opening an engine on it would).
    """
    url = settings.resolved_database_url()
    if _sqlite_file_missing(url):
        _not_seeded(settings)
    with configured_engine(settings) as engine:
        try:
            with engine.connect() as conn:
                migrated = inspect(conn).has_table(Tenant.__tablename__)
        except SQLAlchemyError as exc:
            fail(f"cannot open the database {display_url(url)}: {first_line(exc)}")
    if not migrated:
        _not_seeded(settings)


@contextmanager
def tenant_transaction(settings: Settings) -> Iterator[tuple[Session, Tenant]]:
    """A tenant-scoped session in a transaction (committed on success) and the tenant.

    Leaves the CLI with a one-line message when the database cannot be reached, is
    not migrated, or has no such tenant; an empty SQLite file is never created.
    """
    require_migrated(settings)
    with configured_engine(settings) as engine:
        sessions = session_factory(engine, tenant_role=settings.database_tenant_role)
        with db_tenant_transaction(sessions, settings.tenant) as session:
            tenant = session.get(Tenant, settings.tenant)
            if tenant is None:
                _not_seeded(settings)
            yield session, tenant


def cli_scope(
    session: Session, tenant: Tenant, settings: Settings, idempotency_key: str | None = None
) -> Scope:
    """The scope a CLI call acts in: the tenant's business day, actor ``cli``."""
    return Scope(
        session=session,
        tenant_id=tenant.id,
        today=business_today(settings.today, tenant.snapshot_date),
        actor=CLI_ACTOR,
        idempotency_key=idempotency_key,
        privacy_key=privacy_key(settings),
    )
