"""Checkpointers chosen by settings: a SQLite file by default, Postgres in production.

The Postgres saver runs over our own psycopg pool with the settings the library needs
(autocommit, no prepared statements so PgBouncer-style poolers work, dict rows) and
bounded idle time and lifetime, and each connection is checked before it is handed
out (``adapters.pool_checks``: a round trip only when it may have died unseen), so
connections dropped by a server, a proxy or ``pg_terminate_backend`` are replaced
instead of failing the next run. The async saver serialises small checkpoints on the
event loop instead of a worker thread (``adapters.postgres_saver``). Tables are created
by ``setup_checkpointer`` (the ``switchboard db upgrade`` command), never at import.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.postgres import PostgresSaver
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from psycopg import AsyncConnection, Connection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, ConnectionPool

from adapters.pool_checks import check_async_connection, check_connection
from adapters.postgres_saver import SwitchboardPostgresSaver
from switchboard.settings import Settings


def postgres_url(settings: Settings) -> str | None:
    """The libpq URL of the checkpoint database, or None for the SQLite default."""
    url = settings.checkpoint_url
    if url and url.startswith(("postgresql", "postgres")):
        return url.replace("postgresql+psycopg://", "postgresql://", 1)
    return None


def postgres_pool(settings: Settings, url: str) -> ConnectionPool[Connection[dict[str, Any]]]:
    """Our psycopg pool for the Postgres checkpointer."""
    return ConnectionPool(
        url,
        min_size=1,
        max_size=settings.checkpoint_pool_size,
        max_idle=settings.checkpoint_pool_max_idle,
        max_lifetime=settings.checkpoint_pool_max_lifetime,
        kwargs={"autocommit": True, "prepare_threshold": None, "row_factory": dict_row},
        check=check_connection,
        open=True,
    )


@contextmanager
def open_checkpointer(settings: Settings) -> Iterator[BaseCheckpointSaver[Any]]:
    """The configured checkpointer, open for the block's duration."""
    url = postgres_url(settings)
    if url is not None:
        with postgres_pool(settings, url) as pool:
            yield PostgresSaver(pool)
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(settings.data_dir / "checkpoints.sqlite", check_same_thread=False)
    try:
        saver = SqliteSaver(conn)
        saver.setup()  # SQLite is the embedded default: create its tables on first use
        yield saver
    finally:
        conn.close()


def setup_checkpointer(settings: Settings) -> str:
    """Create the checkpoint tables; returns where they live."""
    url = postgres_url(settings)
    if url is None:
        with open_checkpointer(settings):
            return str(settings.data_dir / "checkpoints.sqlite")
    with Connection.connect(
        url, autocommit=True, prepare_threshold=None, row_factory=dict_row
    ) as conn:
        PostgresSaver(conn).setup()
    return url.rsplit("@", 1)[-1]


@asynccontextmanager
async def open_async_checkpointer(settings: Settings) -> AsyncIterator[BaseCheckpointSaver[Any]]:
    """The configured checkpointer for the async server, open for the block's duration."""
    url = postgres_url(settings)
    if url is not None:
        pool: AsyncConnectionPool[AsyncConnection[dict[str, Any]]] = AsyncConnectionPool(
            url,
            min_size=1,
            max_size=settings.checkpoint_pool_size,
            max_idle=settings.checkpoint_pool_max_idle,
            max_lifetime=settings.checkpoint_pool_max_lifetime,
            kwargs={"autocommit": True, "prepare_threshold": None, "row_factory": dict_row},
            check=check_async_connection,
            open=False,
        )
        await pool.open()
        try:
            yield SwitchboardPostgresSaver(pool)
        finally:
            await pool.close()
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    async with AsyncSqliteSaver.from_conn_string(
        str(settings.data_dir / "checkpoints.sqlite")
    ) as saver:
        await saver.setup()
        yield saver
