"""The async Postgres checkpointer, writing small checkpoints without thread hops.

``AsyncPostgresSaver`` serialises every checkpoint's blobs and every task's writes in a
worker thread (``asyncio.to_thread``) so that a large value does not stall the event
loop, then writes them as a pipeline of statements. A supervisor run writes nine
checkpoints and nine sets of writes, nearly all of them a few kilobytes (the message
list is a delta channel: a checkpoint holds a turn's new messages, not the thread's),
and each hop costs more CPU than the serialising it moves: a submit to the executor, a
thread wake-up, the GIL handed over and back, the event loop woken through its
self-pipe. Measured on the supervisor's refund run (``bench.run_cpu_layers``), the
eighteen hops were about a tenth of the run's CPU on Postgres.

``SwitchboardPostgresSaver`` serialises on the loop when the values are small, and
keeps the thread for large ones (``is_small``: a sequence or mapping longer than
``INLINE_MAX_ITEMS``, such as a long thread's message snapshot). It sends a checkpoint
as one statement (its blobs inserted by a data-modifying CTE) and a task's writes as
one multi-row INSERT, where the library opens a pipeline and syncs it; both are atomic
as the pipeline was. The rows are the library's own (its ``_dump_blobs``,
``_dump_writes`` and SQL, the same values), so reading them back is unchanged
(``tests/integration/test_postgres_saver.py`` compares every row).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any, TypeVar

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import (
    WRITES_IDX_MAP,
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    get_serializable_checkpoint_metadata,
)
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.checkpoint.serde.types import _DeltaSnapshot
from psycopg.types.json import Jsonb

INLINE_MAX_ITEMS = 32
"""Longest sequence or mapping serialised on the event loop; longer ones go to a thread."""

MAX_ROWS_PER_STATEMENT = 500
"""Most writes sent as one multi-row INSERT; more go row by row in a pipeline."""

_T = TypeVar("_T")


@lru_cache(maxsize=256)
def many_rows(sql: str, count: int) -> str:
    """``sql``, an INSERT of one ``VALUES (%s, ...)`` row, inserting ``count`` rows."""
    start = sql.index("VALUES (") + len("VALUES ")
    end = sql.index(")", start) + 1
    return sql[:start] + ", ".join([sql[start:end]] * count) + sql[end:]


@lru_cache(maxsize=256)
def with_blobs(blobs_sql: str, count: int, checkpoint_sql: str) -> str:
    """One statement: ``count`` rows of ``blobs_sql`` (a data-modifying CTE), then
    ``checkpoint_sql``; atomic, as the library's two statements in one pipeline are."""
    blobs = many_rows(blobs_sql, count).strip()
    return f"WITH blobs AS ({blobs}) {checkpoint_sql.strip().rstrip(';')}"


def is_small(values: Sequence[Any]) -> bool:
    """Whether serialising ``values`` is cheaper than a hop to a worker thread.

    Only the top level is looked at: what a node returns is a handful of fields, and a
    value worth a thread (a thread's message history) is a long list or a delta
    channel's snapshot. Strings and bytes are serialised by copying, fast at any size.
    """
    for value in values:
        if isinstance(value, _DeltaSnapshot):
            value = value.value  # a delta channel's whole value: small in a short thread
        collection = isinstance(value, (Sequence, Mapping)) and not isinstance(value, (str, bytes))
        if collection and len(value) > INLINE_MAX_ITEMS:
            return False
    return True


async def _serialised(small: bool, dump: Callable[..., _T], *args: Any) -> _T:
    """``dump(*args)``: here when ``small``, else in a worker thread as the library does."""
    if small:
        return dump(*args)
    return await asyncio.to_thread(dump, *args)


class SwitchboardPostgresSaver(AsyncPostgresSaver):
    """``AsyncPostgresSaver`` without the thread hop for small checkpoints and writes.

    ``aput`` and ``aput_writes`` follow the library's (langgraph-checkpoint-postgres
    3.2) step for step, except where the serialising runs (here when small, and before
    a pooled connection is taken rather than while holding one) and how the rows are
    sent (one statement; writes repeating a key of the upsert, which one INSERT cannot
    hold twice, go the library's way).
    """

    async def aput(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        configurable = dict(config["configurable"])
        thread_id = configurable.pop("thread_id")
        checkpoint_ns = configurable.pop("checkpoint_ns")
        checkpoint_id = configurable.pop("checkpoint_id", None)

        copy = checkpoint.copy()
        copy["channel_values"] = copy["channel_values"].copy()
        next_config: RunnableConfig = {
            "configurable": {
                "thread_id": thread_id,
                "checkpoint_ns": checkpoint_ns,
                "checkpoint_id": checkpoint["id"],
            }
        }
        # Primitive values stay inline in the checkpoint row; the rest are blobs.
        blob_values = {}
        for key, value in checkpoint["channel_values"].items():
            if isinstance(value, _DeltaSnapshot):
                blob_values[key] = copy["channel_values"].pop(key)
                copy["channel_values"][key] = True
            elif value is None or isinstance(value, (str, int, float, bool)):
                pass
            else:
                blob_values[key] = copy["channel_values"].pop(key)

        rows = None
        if blob_versions := {k: v for k, v in new_versions.items() if k in blob_values}:
            small = is_small([blob_values[k] for k in blob_versions])
            rows = await _serialised(
                small, self._dump_blobs, thread_id, checkpoint_ns, blob_values, blob_versions
            )
        row = (
            thread_id,
            checkpoint_ns,
            checkpoint["id"],
            checkpoint_id,
            Jsonb(copy),
            Jsonb(get_serializable_checkpoint_metadata(config, metadata)),
        )
        query, params = self.UPSERT_CHECKPOINTS_SQL, list(row)
        if rows:
            query = with_blobs(self.UPSERT_CHECKPOINT_BLOBS_SQL, len(rows), query)
            params = [*chain.from_iterable(rows), *row]
        async with self._cursor() as cur:
            await cur.execute(query, params)
        return next_config

    async def aput_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        query = (
            self.UPSERT_CHECKPOINT_WRITES_SQL
            if all(channel in WRITES_IDX_MAP for channel, _ in writes)
            else self.INSERT_CHECKPOINT_WRITES_SQL
        )
        configurable = config["configurable"]
        params = await _serialised(
            is_small([value for _, value in writes]),
            self._dump_writes,
            configurable["thread_id"],
            configurable["checkpoint_ns"],
            configurable["checkpoint_id"],
            task_id,
            task_path,
            writes,
        )
        if not params:
            return
        indexes = [write[5] for write in params]
        if len(params) > MAX_ROWS_PER_STATEMENT or len(set(indexes)) < len(indexes):
            async with self._cursor(pipeline=True) as cur:  # the library's way
                await cur.executemany(query, params)
            return
        async with self._cursor() as cur:
            await cur.execute(many_rows(query, len(params)), list(chain.from_iterable(params)))
