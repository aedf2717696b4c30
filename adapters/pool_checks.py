"""Checking a pooled Postgres connection before use, without a round trip when it is fresh.

psycopg_pool's own ``check_connection`` sends an empty query on every checkout: a round
trip to the server each time the checkpointer writes (about forty per supervisor run).
These checks send it only when the connection may have died unseen:

- the server has said something on the idle connection (its socket is readable): a
  terminated backend (``pg_terminate_backend``, a restart, an idle timeout) sends its
  FATAL error and closes, so the full check runs, fails and the pool replaces it;
- the connection has not been handed out for ``FULL_CHECK_AFTER`` seconds, long enough
  for a proxy or firewall to have dropped it silently.

A connection handed out a moment ago whose socket is quiet is used as it is, as the
full check would have found it.
"""

from __future__ import annotations

import select
import weakref
from time import monotonic
from typing import Any

from psycopg import AsyncConnection, Connection, OperationalError
from psycopg_pool import AsyncConnectionPool, ConnectionPool

FULL_CHECK_AFTER = 2.0
"""Seconds a connection may sit unused before its checkout costs a round trip."""

_last_checkout: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()


def _needs_full_check(conn: Connection[Any] | AsyncConnection[Any]) -> bool:
    if conn.closed or conn.broken:
        raise OperationalError("the connection is closed")
    now = monotonic()
    last = _last_checkout.get(conn)
    _last_checkout[conn] = now
    if last is None or now - last > FULL_CHECK_AFTER:
        return True
    readable, _, _ = select.select([conn.fileno()], [], [], 0)
    return bool(readable)


async def check_async_connection(conn: AsyncConnection[Any]) -> None:
    """The async pool's ``check``: raises when ``conn`` is not usable."""
    if _needs_full_check(conn):
        await AsyncConnectionPool.check_connection(conn)


def check_connection(conn: Connection[Any]) -> None:
    """The sync pool's ``check``: raises when ``conn`` is not usable."""
    if _needs_full_check(conn):
        ConnectionPool.check_connection(conn)
