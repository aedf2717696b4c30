"""Checkpoint retention: a finished thread keeps only its latest checkpoint.

Each step of a run saves a checkpoint. Once a thread is idle its history is only needed
for auditing, which the run records and audit log already keep, so its checkpoints can
be cut to the latest one: the state a client reopens and the next run continues from.
Threads waiting for an approval are never pruned.

The supervisor's ``messages`` are stored as deltas (``graphs.state``): the latest
checkpoint's list lives in the writes of the checkpoints pruning deletes. So the latest
checkpoint is first saved again with its whole list (``with_messages_stored``), then
everything older is deleted. LangGraph's own ``prune(strategy="keep_latest")`` refuses
such threads, hence the statements here; they delete only rows older than the kept
checkpoint (checkpoint ids grow with time), so a run that starts on the thread
meanwhile keeps what it saves.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.postgres import PostgresSaver
from langgraph.checkpoint.sqlite import SqliteSaver
from psycopg import Connection
from psycopg.rows import dict_row

from adapters.checkpoint_messages import with_messages_stored
from adapters.checkpoints import postgres_url
from switchboard.settings import Settings

_SQLITE_KEEP = """
    thread_id = ? AND NOT (checkpoint_ns = '' AND checkpoint_id = (
        SELECT max(checkpoint_id) FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ''))
"""

_PG_OLDER = "thread_id = %(t)s AND checkpoint_id < %(keep)s"
_PG_PRUNE = (
    f"DELETE FROM checkpoint_writes WHERE {_PG_OLDER}",
    f"DELETE FROM checkpoints WHERE {_PG_OLDER}",
    """UPDATE checkpoints SET parent_checkpoint_id = NULL
       WHERE thread_id = %(t)s AND checkpoint_ns = '' AND checkpoint_id = %(keep)s""",
    # Blobs no remaining checkpoint of their namespace refers to.
    """DELETE FROM checkpoint_blobs b WHERE b.thread_id = %(t)s AND NOT EXISTS (
         SELECT 1 FROM checkpoints c
         WHERE c.thread_id = b.thread_id AND c.checkpoint_ns = b.checkpoint_ns
           AND c.checkpoint -> 'channel_versions' ->> b.channel = b.version)""",
)


def _latest_root(saver: BaseCheckpointSaver[Any], thread_id: str) -> str | None:
    """Store the thread's latest root checkpoint whole; its id (None: no checkpoint)."""
    saved = saver.get_tuple({"configurable": {"thread_id": thread_id, "checkpoint_ns": ""}})
    if saved is None:
        return None
    with_messages_stored(saver, saved)
    return str(saved.config["configurable"]["checkpoint_id"])


def prune_threads(settings: Settings, thread_ids: Sequence[str]) -> int:
    """Keep only the latest checkpoint of each thread; returns how many were pruned."""
    if not thread_ids:
        return 0
    url = postgres_url(settings)
    if url is not None:
        with Connection.connect(
            url, autocommit=True, prepare_threshold=None, row_factory=dict_row
        ) as conn:
            saver = PostgresSaver(conn)
            for thread_id in thread_ids:
                keep = _latest_root(saver, thread_id)
                if keep is None:
                    continue
                with conn.transaction():
                    for statement in _PG_PRUNE:
                        conn.execute(statement, {"t": thread_id, "keep": keep})
        return len(thread_ids)
    path = settings.data_dir / "checkpoints.sqlite"
    if not path.exists():
        return 0
    with sqlite3.connect(path, check_same_thread=False) as conn:
        lite = SqliteSaver(conn)
        for thread_id in thread_ids:
            _latest_root(lite, thread_id)
            conn.commit()
            # Subgraph namespaces belong to finished department runs: none is kept.
            conn.execute(f"DELETE FROM writes WHERE {_SQLITE_KEEP}", (thread_id, thread_id))
            conn.execute(f"DELETE FROM checkpoints WHERE {_SQLITE_KEEP}", (thread_id, thread_id))
    return len(thread_ids)
