"""Checkpoint retention: a finished thread keeps only its latest checkpoint.

A thread's checkpoints grow with every step (each stores the supervisor's messages in
full). Once a thread is idle its history is only needed for auditing, which the run
records and audit log already keep, so its checkpoints can be cut to the latest one:
the state a client reopens and the next run continues from. Threads waiting for an
approval are never pruned.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from langgraph.checkpoint.postgres import PostgresSaver
from psycopg import Connection
from psycopg.rows import dict_row

from adapters.checkpoints import postgres_url
from switchboard.settings import Settings

_SQLITE_KEEP = """
    thread_id = ? AND NOT (checkpoint_ns = '' AND checkpoint_id = (
        SELECT max(checkpoint_id) FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ''))
"""


def prune_threads(settings: Settings, thread_ids: Sequence[str]) -> int:
    """Keep only the latest checkpoint of each thread; returns how many were pruned."""
    if not thread_ids:
        return 0
    url = postgres_url(settings)
    if url is not None:
        with Connection.connect(
            url, autocommit=True, prepare_threshold=None, row_factory=dict_row
        ) as conn:
            PostgresSaver(conn).prune(list(thread_ids), strategy="keep_latest")
        return len(thread_ids)
    path = settings.data_dir / "checkpoints.sqlite"
    if not path.exists():
        return 0
    with sqlite3.connect(path) as conn:
        for thread_id in thread_ids:
            # Subgraph namespaces belong to finished department runs: none is kept.
            conn.execute(f"DELETE FROM writes WHERE {_SQLITE_KEEP}", (thread_id, thread_id))
            conn.execute(f"DELETE FROM checkpoints WHERE {_SQLITE_KEEP}", (thread_id, thread_id))
    return len(thread_ids)
