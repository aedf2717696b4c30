"""The checkpoint pool's checkout check on the real Postgres: fresh connections skip the
round trip, terminated ones are noticed and replaced."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool, ConnectionPool
from sqlalchemy.engine import make_url

from adapters import pool_checks
from adapters.pool_checks import check_async_connection, check_connection

pytestmark = pytest.mark.postgres


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _terminate(url: str, pid: int) -> None:
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("select pg_terminate_backend(%s)", (pid,))


def test_a_fresh_quiet_connection_skips_the_round_trip(postgres_url: str) -> None:
    with psycopg.connect(_libpq(postgres_url), autocommit=True) as conn:
        assert pool_checks._needs_full_check(conn)  # never seen: full check
        assert not pool_checks._needs_full_check(conn)  # just handed out, socket quiet


def test_a_connection_idle_for_long_gets_the_full_check(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with psycopg.connect(_libpq(postgres_url), autocommit=True) as conn:
        pool_checks._needs_full_check(conn)
        monkeypatch.setattr(pool_checks, "FULL_CHECK_AFTER", 0.0)
        assert pool_checks._needs_full_check(conn)


def test_sync_pool_replaces_a_terminated_connection_handed_out_a_moment_ago(
    postgres_url: str,
) -> None:
    url = _libpq(postgres_url)
    kwargs: dict[str, Any] = {"autocommit": True}
    with ConnectionPool(url, min_size=1, max_size=1, kwargs=kwargs, check=check_connection) as pool:
        with pool.connection() as conn:
            first = conn.info.backend_pid
        _terminate(url, first)
        time.sleep(0.2)  # the backend's goodbye reaches the socket
        with pool.connection() as conn:
            assert conn.execute("select 1").fetchone() == (1,)
            assert conn.info.backend_pid != first


async def test_async_pool_replaces_a_terminated_connection_handed_out_a_moment_ago(
    postgres_url: str,
) -> None:
    url = _libpq(postgres_url)
    kwargs: dict[str, Any] = {"autocommit": True}
    pool = AsyncConnectionPool(
        url, min_size=1, max_size=1, kwargs=kwargs, check=check_async_connection, open=False
    )
    await pool.open()
    try:
        async with pool.connection() as conn:
            first = conn.info.backend_pid
        await asyncio.to_thread(_terminate, url, first)
        await asyncio.sleep(0.2)
        async with pool.connection() as conn:
            cur = await conn.execute("select 1")
            assert await cur.fetchone() == (1,)
            assert conn.info.backend_pid != first
    finally:
        await pool.close()
