"""Cross-process locks for the embedded SQLite database: byte-range locks on one file.

On Postgres a thread's lock is an advisory lock that every process sees. SQLite has no
such thing, yet a CLI run (`switchboard run`, `resume`, `recover`) and the server (with
its periodic recovery sweep) share one database file. Each lock here is one byte of a
lock file beside the database, locked with POSIX ``lockf``: the kernel drops it when its
process exits or is killed, just as Postgres drops a dead session's advisory locks, so a
crash never leaves a thread stuck, and a live run is never mistaken for a dead one.

POSIX record locks belong to a process, not to a thread, and closing *any* descriptor of
the file releases all of the process's locks on it: so each database's lock file is
opened once per process and never closed, and exclusion between threads of one process
stays with the caller (``adapters.thread_locks`` keeps its in-process set for that).
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from sqlalchemy import Engine

_opened: dict[str, ByteRangeLocks] = {}
_opened_guard = threading.Lock()


class ByteRangeLocks:
    """Non-blocking exclusive locks on single bytes of one file, named by text keys."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        self._seek = threading.Lock()  # lockf works at the descriptor's shared offset

    def try_lock(self, key: str) -> bool:
        """Lock ``key``'s byte for this process: False when another process holds it."""
        return self._lockf(key, os.F_TLOCK)

    def unlock(self, key: str) -> None:
        """Release ``key``'s byte (a no-op when this process does not hold it)."""
        self._lockf(key, os.F_ULOCK)

    def held_elsewhere(self, key: str) -> bool:
        """Whether another process holds ``key`` now, without taking it."""
        return not self._lockf(key, os.F_TEST)

    def _lockf(self, key: str, command: int) -> bool:
        with self._seek:
            os.lseek(self._fd, _offset(key), os.SEEK_SET)
            try:
                os.lockf(self._fd, command, 1)
            except (BlockingIOError, PermissionError):  # EAGAIN / EACCES: another holder
                return False
        return True


def _offset(key: str) -> int:
    """The byte that stands for ``key``: 40 bits of its hash, so keys practically never meet.

    40 bits, not more: the lock's offset must be a valid file position, and ext4 refuses
    positions past 16 TiB (2**44) with EINVAL. No byte is ever written.
    """
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=5).digest(), "big")


def locks_for(engine: Engine) -> ByteRangeLocks | None:
    """The lock file of ``engine``'s SQLite database file; None for Postgres or in-memory.

    An in-memory database lives in one process, so in-process locks already cover it.
    """
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    path = Path(database).resolve().with_name(Path(database).name + ".locks")
    with _opened_guard:
        locks = _opened.get(str(path))
        if locks is None:
            locks = _opened[str(path)] = ByteRangeLocks(path)
        return locks
