"""One run at a time per thread, across threads of this process and across processes.

On Postgres the lock is a session advisory lock on its own connection: it is released
when the holder finishes or when its process dies, so a crash never leaves a thread
stuck. On the embedded SQLite database an in-process lock does the same job for the
single process that serves it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from domain.errors import ConflictError

log = logging.getLogger("switchboard.thread_locks")

_local_guard = threading.Lock()
_local_held: set[str] = set()


@contextmanager
def thread_lock(engine: Engine, thread_id: str) -> Iterator[None]:
    """Hold ``thread_id``'s lock for the block.

    Raises:
        ConflictError: another run or resume holds it.
    """
    with _local_guard:
        if thread_id in _local_held:
            raise ConflictError(f"thread {thread_id} is busy with another run")
        _local_held.add(thread_id)
    try:
        if engine.dialect.name == "postgresql":
            with _advisory(engine, thread_id):
                yield
        else:
            yield
    finally:
        with _local_guard:
            _local_held.discard(thread_id)


@contextmanager
def _advisory(engine: Engine, thread_id: str) -> Iterator[None]:
    key = f"switchboard-thread:{thread_id}"
    with engine.connect() as conn:
        got = conn.execute(text("select pg_try_advisory_lock(hashtext(:k))"), {"k": key})
        if not got.scalar():
            raise ConflictError(f"thread {thread_id} is busy in another process")
        try:
            yield
        finally:
            _unlock(conn, key)


def _unlock(conn: Connection, key: str) -> None:
    """Release the advisory lock; a connection that died took the lock with it.

    A server restart or ``pg_terminate_backend`` ends the lock's session, and Postgres
    drops a session's advisory locks with it, so there is nothing left to release: the
    dead connection is discarded from the pool instead of failing the run's cleanup.
    """
    try:
        conn.execute(text("select pg_advisory_unlock(hashtext(:k))"), {"k": key})
        conn.commit()
    except DBAPIError as exc:
        if not exc.connection_invalidated:
            conn.invalidate()
        log.warning("thread lock %s was lost with its connection: %s", key, exc.orig)
