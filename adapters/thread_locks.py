"""One run at a time per thread, across threads of this process and across processes.

On Postgres the lock is a session advisory lock on its own connection: it is released
when the holder finishes or when its process dies, so a crash never leaves a thread
stuck. On the embedded SQLite database a byte-range lock on a file beside it does the
same across the processes that share it (the server, CLI runs: ``adapters.file_locks``).
Within one process an in-process set keeps threads of that process apart.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from adapters.file_locks import locks_for
from domain.errors import ConflictError

log = logging.getLogger("switchboard.thread_locks")

_local_guard = threading.Lock()
_local_held: set[str] = set()
_local_sweep = threading.Lock()

SWEEP_LOCK_KEY = "switchboard-recovery-sweep"
"""The advisory lock a recovery sweeper holds while it sweeps (one sweeper at a time)."""


class HeldLock:
    """A thread's lock while it is held: ``still_held`` asks whether it was lost.

    A session advisory lock lives as long as its connection's session: when the
    connection dies (the server restarted, the backend was terminated) the lock is gone
    while its holder runs on, and another process may take it. A long-running holder
    (a queue worker's run) asks before it writes what only the thread's holder may.
    """

    def __init__(self, thread_id: str, conn: Connection | None = None) -> None:
        self.thread_id = thread_id
        self._conn = conn
        self._use = threading.Lock()  # the connection is not shared between threads
        self._released = False
        self._lost = False

    def still_held(self) -> bool:
        """Whether this holder still has the lock (False once released or lost)."""
        with self._use:
            if self._released:
                return False
            if self._conn is None:  # in-process and file locks end only with their holder
                return True
            if self._lost:
                return False
            try:
                held = self._conn.execute(_MINE, {"k": lock_key(self.thread_id)}).scalar()
                self._conn.commit()
            except DBAPIError as exc:
                # The session and its lock are gone; the connection is not used again.
                log.warning("thread lock %s was lost with its connection: %s", self.thread_id, exc)
                self._lost = True
                with contextlib.suppress(Exception):
                    self._conn.invalidate()
                return False
            self._lost = not held
            return bool(held)

    def _release(self, unlock: Callable[[], None]) -> None:
        with self._use:
            self._released = True
            if not self._lost:  # a lost lock has nothing to release
                unlock()


@contextmanager
def thread_lock(engine: Engine, thread_id: str) -> Iterator[HeldLock]:
    """Hold ``thread_id``'s lock for the block (the handle tells whether it was lost).

    Raises:
        ConflictError: another run or resume holds it.
    """
    with _local_guard:
        if thread_id in _local_held:
            raise ConflictError(f"thread {thread_id} is busy with another run")
        _local_held.add(thread_id)
    try:
        if engine.dialect.name == "postgresql":
            with _advisory(engine, thread_id) as held:
                yield held
        else:
            with _file_lock(engine, lock_key(thread_id), f"thread {thread_id}"):
                held = HeldLock(thread_id)
                try:
                    yield held
                finally:
                    held._release(lambda: None)
    finally:
        with _local_guard:
            _local_held.discard(thread_id)


def claim_in_transaction(session: Session, thread_id: str) -> None:
    """Take ``thread_id``'s lock for the session's transaction (Postgres; a no-op elsewhere).

    A transaction-level advisory lock on the same key as ``thread_lock``'s: it conflicts
    with a run holding the thread and is released at commit, on the transaction's own
    connection. An API process queueing a run checks the thread with it, so a burst of
    requests holds one pooled connection each, not one for the lock and one for the work.

    Raises:
        ConflictError: a run (or another request's check) holds the thread.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    got = session.execute(
        text("select pg_try_advisory_xact_lock(hashtext(:k))"), {"k": lock_key(thread_id)}
    )
    if not got.scalar():
        raise ConflictError(f"thread {thread_id} is busy with another run")


def lock_key(thread_id: str) -> str:
    """The text hashed into the thread's advisory lock key."""
    return f"switchboard-thread:{thread_id}"


_HELD = text(
    """
    select k from unnest(cast(:keys as text[])) as k
    where exists (
        select 1 from pg_locks l
        where l.locktype = 'advisory' and l.granted and l.objsubid = 1
          and l.database = (select oid from pg_database where datname = current_database())
          and ((l.classid::bigint << 32) | l.objid::bigint) = hashtext(k)::bigint
    )
    """
)


def held_threads(engine: Engine, thread_ids: Collection[str]) -> set[str]:
    """Which of ``thread_ids`` a live run holds now, without taking any lock.

    On Postgres this reads ``pg_locks``, so it sees every process on the database (a
    lock held there means a live process runs the thread; a dead one's lock is gone);
    on a SQLite file the lock file's bytes, which every process on that file shares.
    Taking and releasing the lock to test it would make a concurrent run fail with a
    conflict, so it is only looked at.
    """
    ids = set(thread_ids)
    with _local_guard:
        held = ids & _local_held
    files = locks_for(engine)
    if files is not None:
        held.update(t for t in ids - held if files.held_elsewhere(lock_key(t)))
    if not ids or engine.dialect.name != "postgresql":
        return held
    by_key = {lock_key(t): t for t in ids}
    with engine.connect() as conn:
        rows = conn.execute(_HELD, {"keys": list(by_key)})
        held.update(by_key[str(r[0])] for r in rows)
    return held


_MINE = text(
    """
    select exists (
        select 1 from pg_locks l
        where l.locktype = 'advisory' and l.granted and l.objsubid = 1
          and l.pid = pg_backend_pid()
          and ((l.classid::bigint << 32) | l.objid::bigint) = hashtext(:k)::bigint
    )
    """
)
"""Whether this connection's session holds the advisory lock of key ``k``."""


@contextmanager
def _advisory(engine: Engine, thread_id: str) -> Iterator[HeldLock]:
    key = lock_key(thread_id)
    with engine.connect() as conn:
        got = conn.execute(text("select pg_try_advisory_lock(hashtext(:k))"), {"k": key})
        if not got.scalar():
            raise ConflictError(f"thread {thread_id} is busy in another process")
        held = HeldLock(thread_id, conn)
        try:
            yield held
        finally:
            held._release(lambda: _unlock(conn, key))


@contextmanager
def _file_lock(engine: Engine, key: str, what: str) -> Iterator[None]:
    """Hold ``key`` across the processes sharing ``engine``'s SQLite file (if it is one)."""
    files = locks_for(engine)
    if files is None:
        yield
        return
    if not files.try_lock(key):
        raise ConflictError(f"{what} is busy in another process")
    try:
        yield
    finally:
        files.unlock(key)


@contextmanager
def sweep_claim(engine: Engine) -> Iterator[bool]:
    """Claim the recovery sweep for the block: True when this process may sweep now.

    Several server processes sweep on a timer; the one that gets the claim sweeps, the
    others skip that round (False) rather than queue behind it. On Postgres the claim is
    a session advisory lock (a sweeper that dies releases it with its connection); on a
    SQLite file a byte-range lock on the file beside it (released when its process dies).
    """
    if not _local_sweep.acquire(blocking=False):
        yield False
        return
    try:
        if engine.dialect.name != "postgresql":
            files = locks_for(engine)
            if files is not None and not files.try_lock(SWEEP_LOCK_KEY):
                yield False
                return
            try:
                yield True
            finally:
                if files is not None:
                    files.unlock(SWEEP_LOCK_KEY)
            return
        with engine.connect() as conn:
            got = conn.execute(
                text("select pg_try_advisory_lock(hashtext(:k))"), {"k": SWEEP_LOCK_KEY}
            )
            if not got.scalar():
                conn.rollback()
                yield False
                return
            try:
                yield True
            finally:
                _unlock(conn, SWEEP_LOCK_KEY)
    finally:
        _local_sweep.release()


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
