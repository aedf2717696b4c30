"""Row-level security on Postgres: the database confines a tenant even when a query forgets to.

The tests run on a copy of the seeded demo database with a second, empty tenant
('acme', created as `switchboard tenants create` does), and connect as the `postgres`
superuser exactly like the app's default setup: tenant transactions must switch role
for the policies to apply at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from sqlalchemy import Engine, create_engine, delete, func, select, text, update
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from adapters.services import build_services
from domain.db import (
    DEFAULT_TENANT_ROLE,
    make_engine,
    session_factory,
    system_transaction,
    tenant_session,
    tenant_transaction,
)
from domain.demo import anchors
from domain.migrate import downgrade, upgrade
from domain.models import AgentConfig, Base, Contact
from domain.tenants import create_tenant
from switchboard.settings import Settings
from tests.process_helpers import cloned_database
from tests.services import scratch_postgres_database

pytestmark = pytest.mark.postgres

DEMO = anchors.TENANT_ID
ACME = "acme"


@pytest.fixture(scope="module")
def url(postgres_engine: Engine) -> Iterator[str]:
    """A private copy of the demo database with an empty second tenant."""
    postgres_engine.dispose()  # a template must have no open connections while copied
    with cloned_database(postgres_engine.url.render_as_string(hide_password=False)) as copy:
        engine = make_engine(copy)
        with system_transaction(session_factory(engine)) as session:
            create_tenant(session, ACME, "Acme Events")
        engine.dispose()
        yield copy


@pytest.fixture
def sessions(url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(url)
    yield session_factory(engine)
    engine.dispose()


def _count(session: Session, model: type[Base]) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_query_without_a_tenant_filter_sees_only_its_tenant(
    sessions: sessionmaker[Session],
) -> None:
    with system_transaction(sessions) as session:
        all_contacts = _count(session, Contact)
        demo_contacts = session.scalar(
            select(func.count()).select_from(Contact).where(Contact.tenant_id == DEMO)
        )
        assert _count(session, AgentConfig) == 12  # six agents each: the system sees both
    assert all_contacts == demo_contacts and all_contacts > 0

    with tenant_transaction(sessions, ACME) as session:
        assert session.scalars(select(Contact)).all() == []
        configs = session.scalars(select(AgentConfig)).all()
        assert {c.tenant_id for c in configs} == {ACME} and len(configs) == 6
    with tenant_transaction(sessions, DEMO) as session:
        assert _count(session, Contact) == all_contacts
        assert {c.tenant_id for c in session.scalars(select(AgentConfig))} == {DEMO}


def test_the_app_scope_runs_as_the_tenant_role(url: str, tmp_path: Path) -> None:
    settings = Settings(database_url=url, data_dir=tmp_path)
    services = build_services(settings, model=FakeListChatModel(responses=["-"]))
    try:
        with services.scope(ACME) as scope:
            assert scope.session.scalar(text("select current_user")) == DEFAULT_TENANT_ROLE
            assert scope.session.scalar(text("select current_setting('app.tenant_id')")) == ACME
            assert scope.session.scalars(select(Contact).limit(5)).all() == []
    finally:
        services.engine.dispose()


def test_writes_for_another_tenant_are_refused_or_touch_nothing(
    sessions: sessionmaker[Session],
) -> None:
    planted = AgentConfig(tenant_id=DEMO, agent="planted")
    with tenant_transaction(sessions, ACME) as session:
        session.add(planted)
        with pytest.raises(ProgrammingError, match="row-level security"):
            session.flush()
        session.rollback()
    moved = update(AgentConfig).values(tenant_id=DEMO)  # moving a row out is refused too
    with tenant_transaction(sessions, ACME) as session:
        with pytest.raises(ProgrammingError, match="row-level security"):
            session.execute(moved)
        session.rollback()

    with tenant_transaction(sessions, ACME) as session:
        # No WHERE clause: only acme's rows are reachable.
        assert session.execute(update(AgentConfig).values(tone="blunt")).rowcount == 6
        assert session.execute(delete(Contact)).rowcount == 0
    with system_transaction(sessions) as session:
        tones = dict(
            session.execute(
                select(AgentConfig.tenant_id, func.max(AgentConfig.tone)).group_by(
                    AgentConfig.tenant_id
                )
            ).all()
        )
        assert tones == {ACME: "blunt", DEMO: "professional"}
        assert _count(session, Contact) > 0
        assert session.scalar(select(func.count()).where(AgentConfig.agent == "planted")) == 0


def test_every_tenant_table_has_forced_security_a_policy_and_grants(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "select c.relname, c.relrowsecurity, c.relforcerowsecurity, p.qual, "
                    "  p.with_check, has_table_privilege(:role, c.oid, 'SELECT, INSERT') "
                    "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                    "left join pg_policies p on p.schemaname = n.nspname "
                    "  and p.tablename = c.relname and p.policyname = 'tenant_isolation' "
                    "where n.nspname = current_schema() and c.relkind = 'r' and exists ("
                    "  select 1 from pg_attribute a where a.attrelid = c.oid "
                    "  and a.attname = 'tenant_id' and not a.attisdropped)"
                ),
                {"role": DEFAULT_TENANT_ROLE},
            ).all()
    finally:
        engine.dispose()
    modelled = {t.name for t in Base.metadata.tables.values() if "tenant_id" in t.c}
    assert modelled <= {r[0] for r in rows}
    expected = "((tenant_id)::text = current_setting('app.tenant_id'::text, true))"
    unprotected = [r[0] for r in rows if not (r[1] and r[2] and r[3] == expected == r[4] and r[5])]
    assert unprotected == [], "tables with tenant_id but no forced tenant policy or grants"


def test_pooled_connections_carry_no_tenant_or_role_to_the_next_user(url: str) -> None:
    engine = create_engine(url, pool_size=1, max_overflow=0)  # every session shares one
    sessions = session_factory(engine)
    probe = text(
        "select pg_backend_pid(), current_user, "
        "coalesce(current_setting('app.tenant_id', true), '')"
    )
    try:
        with tenant_transaction(sessions, ACME) as session:
            pid, role, tenant = session.execute(probe).one()
        assert (role, tenant) == (DEFAULT_TENANT_ROLE, ACME)

        with system_transaction(sessions) as session:
            assert session.execute(probe).one() == (pid, "postgres", "")
            assert _count(session, Contact) > 0

        with pytest.raises(RuntimeError), tenant_transaction(sessions, ACME):
            raise RuntimeError("the route failed")
        with sessions() as session:  # a plain session, as any other code would open
            assert session.execute(probe).one() == (pid, "postgres", "")

        with tenant_session(sessions, ACME) as session:
            session.execute(probe)
            session.commit()  # the next transaction of the same session is scoped again
            assert session.execute(probe).one() == (pid, DEFAULT_TENANT_ROLE, ACME)
            session.rollback()

        with engine.connect() as conn:  # the tenant role without a tenant sees nothing
            conn.execute(text(f"set local role {DEFAULT_TENANT_ROLE}"))
            assert conn.scalar(select(func.count()).select_from(AgentConfig)) == 0
    finally:
        engine.dispose()


def test_the_migration_goes_down_and_up_again() -> None:
    policies = text(
        "select count(*) from pg_policies where schemaname = current_schema() "
        "and policyname = 'tenant_isolation'"
    )
    with scratch_postgres_database("sb_rls") as scratch:
        engine = make_engine(scratch)
        try:
            upgrade(engine)
            with engine.connect() as conn:
                protected = conn.scalar(policies)
            downgrade(engine, "0004")
            with engine.connect() as conn:
                assert conn.scalar(policies) == 0
                assert not conn.scalar(
                    text("select relrowsecurity from pg_class where relname = 'contacts'")
                )
            upgrade(engine)
            with engine.connect() as conn:
                assert conn.scalar(policies) == protected
        finally:
            engine.dispose()
    tenant_tables = sum(1 for t in Base.metadata.tables.values() if "tenant_id" in t.c)
    assert protected == tenant_tables + 1  # and tenants, on its id
