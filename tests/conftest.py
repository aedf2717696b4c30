"""Shared fixtures: a migrated, demo-seeded business database on SQLite and Postgres.

Each backend is migrated and seeded once per test session; every test then runs inside
a transaction that is rolled back, so tests may write freely and never see each other.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from langchain_core.language_models import BaseChatModel
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from adapters.services import Services, build_services
from domain.db import make_engine, refresh_statistics, session_factory, transaction
from domain.demo import anchors, build_demo
from domain.migrate import upgrade
from domain.scope import Scope
from switchboard.settings import Settings
from tests import hang_report
from tests.hang_report import pytest_runtest_protocol  # noqa: F401  (a hook: a hung test says where)
from tests.services import scratch_postgres_database


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last (a stable sort keeps every other order as collected).

    Playwright's sync API (tests/browser) keeps its event loop running in the main
    thread for the rest of the session once its browser starts; pytest-asyncio's
    tests after it could not start their own loops.
    """
    items.sort(key=lambda item: item.path.parent.name == "browser")


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist (``make test``), files are handed out in collection order.

    By default its ``--dist loadscope``/``loadfile`` scheduler hands out the files with the
    most tests first, so a worker could run tests/browser and then asyncio tests, which
    would fail as above. In collection order the browser files come last on every worker.
    """
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_sessionstart(session: pytest.Session) -> None:
    hang_report.start(session.config)


@pytest.fixture(scope="session", autouse=True)
def event_loop_policy() -> asyncio.AbstractEventLoopPolicy:
    """pytest-asyncio's loops, recorded so that a hung test's tasks can be reported."""
    return hang_report.RecordingLoopPolicy()


SNAPSHOT = date(2026, 9, 1)
"""The demo's business 'today' in tests: fixed, so every assertion is reproducible."""


def _migrated_demo(url: str) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    with transaction(session_factory(engine)) as session:
        build_demo(session, tenant_id=anchors.TENANT_ID, snapshot=SNAPSHOT)
    refresh_statistics(engine)  # as `switchboard seed` does; clones copy the statistics
    return engine


@pytest.fixture(scope="session")
def sqlite_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path: Path = tmp_path_factory.mktemp("db") / "switchboard.db"
    engine = _migrated_demo(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    with scratch_postgres_database() as url:
        engine = _migrated_demo(url)
        yield engine
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo_engine(request: pytest.FixtureRequest) -> Engine:
    """The seeded demo database, once on SQLite and once on Postgres."""
    engine: Engine = request.getfixturevalue(f"{request.param}_engine")
    return engine


def _rolled_back_scope(engine: Engine) -> Iterator[Scope]:
    connection = engine.connect()
    outer = connection.begin()
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield Scope(session=session, tenant_id=anchors.TENANT_ID, today=SNAPSHOT, actor="test")
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def scope(demo_engine: Engine) -> Iterator[Scope]:
    """A demo-tenant scope on each backend, rolled back after the test."""
    yield from _rolled_back_scope(demo_engine)


@pytest.fixture
def sqlite_scope(sqlite_engine: Engine) -> Iterator[Scope]:
    """A demo-tenant scope on SQLite only (for offline unit tests)."""
    yield from _rolled_back_scope(sqlite_engine)


@pytest.fixture(scope="session")
def demo_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, seeded SQLite file that tests copy instead of rebuilding."""
    path: Path = tmp_path_factory.mktemp("template") / "demo.db"
    engine = _migrated_demo(f"sqlite:///{path}")
    engine.dispose()  # closing the last connection folds the WAL into the file
    return path


@pytest.fixture
def bench_demo_from_template(demo_sqlite_template: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Benchmarks run in this process copy the session's seeded demo instead of seeding
    their own template (``bench.demo_db.seed_template``): the same migrations, demo and
    day, and seeding would be a large part of a tiny smoke run."""
    from bench import demo_db

    assert demo_db.DEMO_SNAPSHOT == SNAPSHOT

    def copy(path: Path) -> None:
        shutil.copyfile(demo_sqlite_template, path)

    monkeypatch.setattr(demo_db, "seed_template", copy)


@pytest.fixture
def fresh_demo_url(demo_sqlite_template: Path, tmp_path: Path) -> str:
    """A private copy of the demo database for a test that commits (graphs, CLI runs)."""
    target = tmp_path / "demo.db"
    shutil.copyfile(demo_sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def make_services(fresh_demo_url: str) -> Callable[..., Services]:
    """Build Services on a fresh demo copy with the given chat model."""

    def build(model: BaseChatModel) -> Services:
        settings = Settings(database_url=fresh_demo_url, data_dir=Path(fresh_demo_url[10:]).parent)
        return build_services(settings, model=model)

    return build


@pytest.fixture
def postgres_url(postgres_engine: Engine) -> Iterator[str]:
    """A private copy of the seeded demo database on Postgres, with checkpoint tables.

    Copying the session's seeded database (CREATE DATABASE ... TEMPLATE) takes a fraction
    of a second where seeding takes seconds; the copy is dropped after the test.
    """
    from tests.process_helpers import demo_postgres_copy

    with demo_postgres_copy(postgres_engine) as url:
        yield url
