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


def test_a_holder_sees_its_lock_lost_with_its_connection_and_lets_go_quietly(
    engine: Engine,
) -> None:
    """A terminated backend takes its advisory lock with it; the holder finds out."""
    holders = (
        "select l.pid from pg_locks l where l.locktype = 'advisory' and l.granted"
        " and ((l.classid::bigint << 32) | l.objid::bigint) = hashtext(%s)::bigint"
    )
    key = lock_key("t-lost")
    with (
        psycopg.connect(libpq(engine), autocommit=True) as other,
        thread_lock(engine, "t-lost") as held,
    ):
        assert held.still_held()
        pids = other.execute(holders, (key,)).fetchall()
        assert len(pids) == 1
        other.execute("select pg_terminate_backend(%s)", (pids[0][0],))
        wait_until(lambda: not other.execute(holders, (key,)).fetchall(), timeout=10)
        assert not held.still_held()
        with thread_lock(engine, "t-other") as other_held:  # the pool still works
            assert other_held.still_held()
    assert not held.still_held()  # released (quietly: there was nothing left to unlock)
    with thread_lock(engine, "t-lost") as again:  # and the thread can be taken again
        assert again.still_held()
