"""Checkpointers for the HITL benchmark and what they store, measured in Postgres itself.

``scratch_checkpoint_db`` creates a throwaway database with the checkpoint tables (as
``switchboard db upgrade`` makes them) and drops it afterwards. The byte counts are the
stored row payloads of one thread: checkpoint and metadata JSONB (``pg_column_size``)
plus the channel blobs and pending writes (``octet_length``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy.engine import make_url

from adapters.checkpoints import open_checkpointer, setup_checkpointer
from switchboard.settings import Settings

_THREAD_BYTES = """
select
  coalesce((select sum(pg_column_size(checkpoint) + pg_column_size(metadata))
            from checkpoints where thread_id = %(t)s), 0)
+ coalesce((select sum(octet_length(blob)) from checkpoint_blobs where thread_id = %(t)s), 0)
+ coalesce((select sum(octet_length(blob)) from checkpoint_writes where thread_id = %(t)s), 0)
"""

_ROOT_BYTES = """
select
  coalesce((select sum(pg_column_size(checkpoint) + pg_column_size(metadata)) from checkpoints
            where thread_id = %(t)s and checkpoint_ns = ''), 0)
+ coalesce((select sum(octet_length(blob)) from checkpoint_blobs
            where thread_id = %(t)s and checkpoint_ns = ''), 0)
+ coalesce((select sum(octet_length(blob)) from checkpoint_writes
            where thread_id = %(t)s and checkpoint_ns = ''), 0)
"""

_LATEST_ROOT_STATE_BYTES = """
with latest as (
  select checkpoint from checkpoints
  where thread_id = %(t)s and checkpoint_ns = ''
  order by checkpoint_id desc limit 1
)
select pg_column_size(latest.checkpoint) + coalesce((
  select sum(octet_length(b.blob))
  from checkpoint_blobs b, jsonb_each_text(latest.checkpoint -> 'channel_versions') v
  where b.thread_id = %(t)s and b.checkpoint_ns = '' and b.channel = v.key
    and b.version = v.value
), 0)
from latest
"""

_CHECKPOINT_COUNT = "select count(*) from checkpoints where thread_id = any(%(ts)s)"


def libpq_url(url: str) -> str:
    """A SQLAlchemy or libpq Postgres URL as psycopg accepts it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def scratch_checkpoint_db(server_url: str) -> Iterator[str]:
    """A new database on ``server_url`` with the checkpoint tables; dropped afterwards."""
    server = make_url(libpq_url(server_url))
    name = f"sb_bench_{uuid.uuid4().hex[:10]}"
    admin = server.render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        setup_checkpointer(Settings(checkpoint_url=url))
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def saver_for(kind: str, postgres_url: str) -> Iterator[Any]:
    """``memory`` (InMemorySaver) or ``postgres`` (the production PostgresSaver and pool)."""
    if kind == "memory":
        yield InMemorySaver()
        return
    settings = Settings(checkpoint_url=postgres_url, data_dir=Path("unused"))
    with open_checkpointer(settings) as saver:
        yield saver


def _one(url: str, query: str, params: dict[str, Any]) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(query, params).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def thread_bytes(url: str, thread_id: str) -> int:
    """Bytes stored for every checkpoint, blob and write of a thread (all namespaces)."""
    return _one(url, _THREAD_BYTES, {"t": thread_id})


def root_bytes(url: str, thread_id: str) -> int:
    """The part of ``thread_bytes`` in the supervisor's own (root) namespace."""
    return _one(url, _ROOT_BYTES, {"t": thread_id})


def latest_root_state_bytes(url: str, thread_id: str) -> int:
    """Bytes of the newest root checkpoint with its channel values: what a resume loads."""
    return _one(url, _LATEST_ROOT_STATE_BYTES, {"t": thread_id})


def checkpoint_count(url: str, thread_ids: list[str]) -> int:
    """Checkpoints stored for these threads (every namespace: subgraphs included)."""
    return _one(url, _CHECKPOINT_COUNT, {"ts": thread_ids})


def memory_checkpoint_count(saver: InMemorySaver, thread_ids: list[str]) -> int:
    """The same count in an in-memory saver."""
    return sum(len(v) for t in thread_ids for v in saver.storage.get(t, {}).values())
