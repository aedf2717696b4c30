"""Each tenant's record names for the router, built from its database and kept.

The route and plan nodes read a request with the tenant's names known
(``nodes.routing.record_name_index``). Building the index reads about 6,000 names in a few
queries and takes a fraction of a second, so it is built on a tenant's first request and
kept. Before a kept index is used again (at most every ``recheck_seconds``) one query per
table counts the tenant's records and takes their highest id
(``domain.record_names.record_names_version``): a record added or deleted rebuilds the
index. A renamed record changes neither, so an index is also rebuilt once it is
``max_age_seconds`` old.

Routing never fails for want of names: when they cannot be read (no such tenant, the
database unavailable, no such tables) the request is routed on its words, as without a
tenant, and the failure is remembered for ``recheck_seconds`` (one warning, no query per
request). Each tenant's index is built under its own lock: one tenant's database work
does not hold up another's requests.

The route node reads the index with ``get``; the plan node reads what is kept with
``kept``, with no query, so both read the same index unless another run of the same
tenant rebuilt it in between. That is harmless: the plan keeps the route's departments
(``plan_from_request(agents=...)``) and a name only moves text between them.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from domain.db import tenant_session
from domain.record_names import record_names, record_names_version
from nodes.routing.record_name_index import RecordNameIndex

log = logging.getLogger(__name__)

RECHECK_SECONDS = 30.0
MAX_AGE_SECONDS = 600.0


def load_record_name_index(sessions: sessionmaker[Session], tenant_id: str) -> RecordNameIndex:
    """The names index of ``tenant_id``'s records, read now."""
    with tenant_session(sessions, tenant_id) as session:
        records = record_names(session, tenant_id)
    return index_of(tuple(records))


@functools.lru_cache(maxsize=8)
def index_of(records: tuple[tuple[str, str], ...]) -> RecordNameIndex:
    """The index of exactly these (name, kind) pairs, built once per process.

    Hashing the demo tenant's 6,300 pairs takes about a millisecond and building their
    index about 0.15 s, so caches that read the same names (several graphs in one process,
    a tenant rebuilt after a change elsewhere in its tables) share one read-only index.
    """
    return RecordNameIndex.from_records(records)


@dataclass
class _Kept:
    names: RecordNameIndex
    version: tuple[tuple[int, int], ...]
    built: float
    checked: float


class RecordNamesCache:
    """One names index per tenant, rebuilt when its records change (module docstring).

    Args:
        sessions: the business database's session factory.
        recheck_seconds: how long an index is used without asking whether records changed.
        max_age_seconds: how old an index may grow before it is rebuilt regardless.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        recheck_seconds: float = RECHECK_SECONDS,
        max_age_seconds: float = MAX_AGE_SECONDS,
    ) -> None:
        self.sessions = sessions
        self.recheck_seconds = recheck_seconds
        self.max_age_seconds = max_age_seconds
        self._kept: dict[str, _Kept] = {}
        self._failed: dict[str, float] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()  # only for the dict of locks

    def get(self, tenant_id: str) -> RecordNameIndex | None:
        """``tenant_id``'s names index, or None when its names cannot be read."""
        with self._lock_of(tenant_id):
            failed = self._failed.get(tenant_id)
            if failed is not None and time.monotonic() - failed < self.recheck_seconds:
                return None
            try:
                names = self._current(tenant_id)
            except Exception as exc:  # routing goes on with the request's words alone
                log.warning("no tenant names for %r: %s: %s", tenant_id, type(exc).__name__, exc)
                self._failed[tenant_id] = time.monotonic()
                return None
            self._failed.pop(tenant_id, None)
            return names

    def kept(self, tenant_id: str) -> RecordNameIndex | None:
        """The index ``get`` last gave for ``tenant_id``, with no query (the plan node
        reads the route node's index; module docstring)."""
        kept = self._kept.get(tenant_id)
        if kept is None or tenant_id in self._failed:
            return None
        return kept.names

    def forget(self, tenant_id: str | None = None) -> None:
        """Drop one tenant's index (or all): the next request rebuilds it."""
        with self._guard:
            if tenant_id is None:
                self._kept.clear()
                self._failed.clear()
            else:
                self._kept.pop(tenant_id, None)
                self._failed.pop(tenant_id, None)

    def _lock_of(self, tenant_id: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(tenant_id, threading.Lock())

    def _current(self, tenant_id: str) -> RecordNameIndex:
        now = time.monotonic()
        kept = self._kept.get(tenant_id)
        if kept is not None and now - kept.checked < self.recheck_seconds:
            return kept.names
        with tenant_session(self.sessions, tenant_id) as session:
            version = record_names_version(session, tenant_id)
            if (
                kept is not None
                and kept.version == version
                and now - kept.built < self.max_age_seconds
            ):
                kept.checked = now
                return kept.names
            records = record_names(session, tenant_id)
        names = index_of(tuple(records))  # the database is released meanwhile
        self._kept[tenant_id] = _Kept(names, version, now, now)
        return names
