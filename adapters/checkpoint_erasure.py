"""Erasing a person from LangGraph checkpoints: find the threads that mention them, delete them.

Checkpoints are msgpack blobs (SQLite: ``checkpoints``/``writes``; Postgres:
``checkpoints`` JSONB plus ``checkpoint_blobs``/``checkpoint_writes`` BYTEA) holding
every message, tool result and pending write of every step, in the root graph and in
each department subgraph's namespace. We delete an affected thread's checkpoints whole
rather than rewrite them redacted: a rewrite would have to decode, edit and re-encode
every version of every channel, across namespaces and pending writes, and keep channel
versions consistent so the thread still resumes; one missed copy is a leak, and a
half-edited state can resume into wrong actions. Deleting is complete and checkable
(the dump test searches the bytes). What is lost is only that conversation's history:
the business rows it produced stay (anonymised), the thread record stays marked
``erased``, and other threads are untouched. On SQLite the file is vacuumed and its
WAL truncated afterwards, so deleted pages do not keep the bytes on disk.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.postgres import PostgresSaver
from langgraph.checkpoint.sqlite import SqliteSaver
from psycopg import Connection
from psycopg.rows import dict_row

from adapters.checkpoint_messages import stored_messages
from adapters.checkpoints import postgres_url
from domain.privacy.text_match import Matcher, is_phone
from switchboard.settings import Settings

MAX_MENTIONS = 500
"""Distinct mentioning strings an export lists per thread."""

_PG_TABLES = (
    ("checkpoint_blobs", "blob"),
    ("checkpoint_writes", "blob"),
)


def byte_variants(needles: Iterable[str]) -> list[bytes]:
    """The spellings a needle can have inside a blob: as given, lower case, JSON-escaped.

    A phone number is also searched as bare digits; other spellings of it (spaces in
    other places) are not found in checkpoints, only in business tables.
    """
    found: dict[bytes, None] = {}
    for needle in needles:
        digits = re.sub(r"\D", "", needle) if is_phone(needle) else needle
        for text in (needle, needle.lower(), digits):
            found[text.encode()] = None
            found[json.dumps(text)[1:-1].encode()] = None
    return list(found)


def threads_mentioning(
    settings: Settings, thread_ids: Sequence[str], needles: Sequence[str]
) -> list[str]:
    """Which of ``thread_ids`` (the tenant's threads) hold any needle in a checkpoint."""
    if not thread_ids or not needles:
        return []
    url = postgres_url(settings)
    if url is not None:
        return _postgres_mentioning(url, thread_ids, byte_variants(needles))
    path = sqlite_path(settings)
    if not path.exists():
        return []
    return _sqlite_mentioning(path, thread_ids, [v.lower() for v in byte_variants(needles)])


def delete_threads(settings: Settings, thread_ids: Sequence[str]) -> None:
    """Delete every checkpoint and pending write of ``thread_ids`` (all namespaces)."""
    if not thread_ids:
        return
    url = postgres_url(settings)
    if url is not None:
        with Connection.connect(
            url, autocommit=True, prepare_threshold=None, row_factory=dict_row
        ) as conn:
            saver = PostgresSaver(conn)
            for thread_id in thread_ids:
                saver.delete_thread(thread_id)
        return
    path = sqlite_path(settings)
    if not path.exists():
        return
    lite = sqlite3.connect(path, check_same_thread=False)
    try:
        lite_saver = SqliteSaver(lite)
        for thread_id in thread_ids:
            lite_saver.delete_thread(thread_id)
        lite.commit()
    finally:
        lite.close()
    compact_sqlite(path)


def conversation(settings: Settings, thread_id: str, matcher: Matcher) -> dict[str, Any]:
    """What a thread's checkpoints hold about a person, for an export.

    ``messages`` are the latest root checkpoint's messages (the conversation as its
    client sees it, rebuilt from deltas when stored so); ``mentions`` are the distinct
    strings, anywhere in any checkpoint or pending write of any namespace (tool results,
    department state), that mention the person.
    """
    config: Any = {"configurable": {"thread_id": thread_id}}
    with _saver(settings) as saver:
        if saver is None:
            return {"thread_id": thread_id, "messages": [], "mentions": []}
        tuples = list(saver.list(config))
        root = [t for t in tuples if not t.config["configurable"].get("checkpoint_ns")]
        latest = stored_messages(saver, root[0]) if root else []
    found: dict[str, None] = {}
    for saved in tuples:
        values = [saved.checkpoint.get("channel_values", {}), saved.metadata]
        values += [write[2] for write in saved.pending_writes or ()]
        for text in _strings(values):
            if len(found) < MAX_MENTIONS and matcher.found_in(text):
                found[text] = None
    return {
        "thread_id": thread_id,
        "messages": [
            {"type": getattr(m, "type", "message"), "content": getattr(m, "content", str(m))}
            for m in latest
        ],
        "mentions": list(found),
    }


@contextmanager
def _saver(settings: Settings) -> Iterator[BaseCheckpointSaver[Any] | None]:
    url = postgres_url(settings)
    if url is not None:
        with Connection.connect(
            url, autocommit=True, prepare_threshold=None, row_factory=dict_row
        ) as conn:
            yield PostgresSaver(conn)
        return
    path = sqlite_path(settings)
    if not path.exists():
        yield None
        return
    lite = sqlite3.connect(path, check_same_thread=False)
    try:
        yield SqliteSaver(lite)
    finally:
        lite.close()


def _strings(value: Any, depth: int = 0) -> Iterator[str]:
    """Every string inside a checkpointed value (dicts, lists, messages, dataclasses)."""
    if depth > 40:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from _strings(k, depth + 1)
            yield from _strings(v, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            yield from _strings(v, depth + 1)
    elif hasattr(value, "__dict__"):
        yield from _strings(vars(value), depth + 1)


def sqlite_path(settings: Settings) -> Path:
    """The embedded checkpoint file (see ``adapters.checkpoints``)."""
    return settings.data_dir / "checkpoints.sqlite"


def compact_sqlite(path: Path) -> None:
    """Rebuild a SQLite file from its live rows and empty its WAL.

    A DELETE or UPDATE leaves the old bytes in free pages and in the write-ahead log
    until they are reused; VACUUM rewrites the file from live rows only, and a
    truncating checkpoint empties the WAL.
    """
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _sqlite_mentioning(path: Path, thread_ids: Sequence[str], lowered: list[bytes]) -> list[str]:
    """Scan in Python: SQLite's text functions stop at the NUL bytes msgpack is full of."""
    marks = ",".join("?" * len(thread_ids))
    queries = (
        f"SELECT thread_id, checkpoint, metadata FROM checkpoints WHERE thread_id IN ({marks})",
        f"SELECT thread_id, value, NULL FROM writes WHERE thread_id IN ({marks})",
    )
    found: set[str] = set()
    conn = sqlite3.connect(path, check_same_thread=False)
    try:
        for query in queries:
            for thread_id, first, second in conn.execute(query, list(thread_ids)):
                if thread_id in found:
                    continue
                blob = b"".join(_as_bytes(v) for v in (first, second)).lower()
                if any(v in blob for v in lowered):
                    found.add(thread_id)
    finally:
        conn.close()
    return sorted(found)


def _postgres_mentioning(url: str, thread_ids: Sequence[str], variants: list[bytes]) -> list[str]:
    """Search in the server: raw bytes, and ASCII case-insensitively via the escaped form."""
    ascii_lower = [v.decode().lower() for v in variants if v.isascii()]
    found: set[str] = set()
    with Connection.connect(url, autocommit=True, prepare_threshold=None) as conn:
        for table, column in _PG_TABLES:
            rows = conn.execute(
                f"SELECT DISTINCT thread_id FROM {table} WHERE thread_id = ANY(%(ids)s) AND ("
                "EXISTS (SELECT 1 FROM unnest(%(raw)s::bytea[]) n"
                f" WHERE position(n IN {column}) > 0)"
                f" OR EXISTS (SELECT 1 FROM unnest(%(txt)s::text[]) t"
                f" WHERE position(t IN lower(encode({column}, 'escape'))) > 0))",
                {"ids": list(thread_ids), "raw": variants, "txt": ascii_lower},
            )
            found |= {str(r[0]) for r in rows}
        rows = conn.execute(
            "SELECT DISTINCT thread_id FROM checkpoints WHERE thread_id = ANY(%(ids)s) AND EXISTS ("
            "SELECT 1 FROM unnest(%(txt)s::text[]) t WHERE "
            "position(t IN lower(checkpoint::text || metadata::text)) > 0)",
            {"ids": list(thread_ids), "txt": [v.decode().lower() for v in variants]},
        )
        found |= {str(r[0]) for r in rows}
    return sorted(found)


def _as_bytes(value: Any) -> bytes:
    if value is None:
        return b""
    return value if isinstance(value, bytes) else str(value).encode()
