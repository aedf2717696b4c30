"""Telling a live thread from one a dead process left: ``held_threads`` on Postgres."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from adapters.thread_locks import held_threads, lock_key, thread_lock
from domain.db import make_engine
from tests.process_helpers import wait_until
from tests.services import scratch_postgres_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def engine() -> Iterator[Engine]:
    with scratch_postgres_database("sb_locks") as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def libpq(engine: Engine, database: str | None = None) -> str:
    url = engine.url.set(drivername="postgresql")
    if database is not None:
        url = url.set(database=database)
    return make_url(url).render_as_string(hide_password=False)


def test_a_lock_held_here_or_by_another_session_is_seen_and_a_released_one_is_not(
    engine: Engine,
) -> None:
    assert held_threads(engine, ["t-1", "t-2"]) == set()
    with thread_lock(engine, "t-1"):
        assert held_threads(engine, ["t-1", "t-2"]) == {"t-1"}
    assert held_threads(engine, ["t-1"]) == set()

    # Another process's session lock (as a server or CLI holds it) is seen through pg_locks.
    with psycopg.connect(libpq(engine), autocommit=True) as other:
        other.execute("select pg_advisory_lock(hashtext(%s))", (lock_key("t-2"),))
        assert held_threads(engine, ["t-1", "t-2"]) == {"t-2"}
    # The session ended (as it does when its process dies): the lock is gone once the
    # server has reaped the backend, which happens just after the client disconnects.
    wait_until(lambda: held_threads(engine, ["t-2"]) == set(), timeout=10)


def test_the_same_thread_id_locked_in_another_database_is_not_held_here(engine: Engine) -> None:
    with psycopg.connect(libpq(engine, "postgres"), autocommit=True) as elsewhere:
        elsewhere.execute("select pg_advisory_lock(hashtext(%s))", (lock_key("t-3"),))
        assert held_threads(engine, ["t-3"]) == set()
