"""``SwitchboardPostgresSaver`` writes exactly the rows the library's saver writes.

The same checkpoints and writes go through both savers under two thread ids; every row
of the three checkpoint tables must match, and the checkpoint read back must be equal.
Small values are serialised on the loop, large ones in a worker thread, and writes the
one-statement path cannot take (repeated keys of an upsert) still land as the library's.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import psycopg
import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.checkpoint.base import ERROR, INTERRUPT, ChannelVersions, empty_checkpoint
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.checkpoint.serde.types import _DeltaSnapshot
from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from adapters import postgres_saver
from adapters.postgres_saver import SwitchboardPostgresSaver, is_small, many_rows
from bench.checkpoint_store import scratch_checkpoint_db
from tests.services import postgres_admin_url

pytestmark = pytest.mark.postgres


@pytest.fixture
async def pool() -> AsyncIterator[AsyncConnectionPool[Any]]:
    """A pool on a new database holding only the checkpoint tables."""
    kwargs = {"autocommit": True, "prepare_threshold": None, "row_factory": dict_row}
    with scratch_checkpoint_db(postgres_admin_url()) as url:
        async with AsyncConnectionPool(url, min_size=1, max_size=2, kwargs=kwargs) as opened:
            yield opened


def _config(thread_id: str, checkpoint_id: str | None = None) -> Any:
    configurable = {"thread_id": thread_id, "checkpoint_ns": ""}
    if checkpoint_id is not None:
        configurable["checkpoint_id"] = checkpoint_id
    return {"configurable": configurable}


async def _write_a_thread(saver: AsyncPostgresSaver, thread_id: str, checkpoint_id: str) -> None:
    """Two checkpoints (inline values, blobs, a delta snapshot, a version without a
    value) and the writes of four tasks: plain channels, an upserted special channel,
    a repeated one, none."""
    first = empty_checkpoint()
    first["id"], first["ts"] = checkpoint_id + "-1", "2026-12-07T00:00:00+00:00"
    first["channel_values"] = {"summary": "short", "count": 2, "plan": [{"step": "support"}]}
    first["channel_versions"] = {"summary": "1", "count": "1", "plan": "1"}
    parent = await saver.aput(_config(thread_id), first, {"source": "loop", "step": 1}, {"plan": 1})
    second = empty_checkpoint()
    second["id"], second["ts"] = checkpoint_id + "-2", "2026-12-07T00:00:01+00:00"
    history = [HumanMessage("hi", id="m1"), AIMessage("hello", id="m2")]
    second["channel_values"] = {"messages": _DeltaSnapshot(history), "plan": [{"step": "sales"}]}
    second["channel_versions"] = {"messages": "2", "plan": "2", "gone": "2"}
    versions: ChannelVersions = {"messages": "2", "plan": "2", "gone": "2"}
    saved = await saver.aput(parent, second, {"source": "loop", "step": 2}, versions)
    await saver.aput_writes(saved, [("plan", [{"step": "x"}]), ("answer", "done")], "task-a")
    await saver.aput_writes(saved, [(INTERRUPT, {"value": "approve?"})], "task-b", "path-b")
    await saver.aput_writes(saved, [(ERROR, "first"), (ERROR, "second")], "task-c")
    await saver.aput_writes(saved, [], "task-d")


async def _rows(conn: AsyncConnection[Any], thread_id: str) -> dict[str, list[Any]]:
    tables = {
        "checkpoints": "checkpoint_id",
        "checkpoint_blobs": "channel, version",
        "checkpoint_writes": "checkpoint_id, task_id, idx",
    }
    rows: dict[str, list[Any]] = {}
    for table, order in tables.items():
        cursor = await conn.execute(
            f"select * from {table} where thread_id = %s order by {order}",
            (thread_id,),
        )
        rows[table] = [
            {k: v for k, v in r.items() if k != "thread_id"} for r in await cursor.fetchall()
        ]
    return rows


async def test_the_rows_and_the_state_read_back_are_the_librarys(
    pool: AsyncConnectionPool[Any],
) -> None:
    library, ours = AsyncPostgresSaver(pool), SwitchboardPostgresSaver(pool)
    await _write_a_thread(library, "library", "c")
    await _write_a_thread(ours, "ours", "c")
    async with pool.connection() as conn:
        expected, written = await _rows(conn, "library"), await _rows(conn, "ours")
    assert written == expected
    assert len(written["checkpoints"]) == 2
    assert len(written["checkpoint_blobs"]) == 3  # plan twice, the messages snapshot
    assert len(written["checkpoint_writes"]) == 4  # two plain, the interrupt, one error
    mine, theirs = (
        await ours.aget_tuple(_config("ours")),
        await library.aget_tuple(_config("library")),
    )
    assert mine is not None and theirs is not None
    assert mine.checkpoint == theirs.checkpoint
    assert mine.pending_writes is not None and mine.pending_writes == theirs.pending_writes
    assert ("task-c", ERROR, "second") in mine.pending_writes  # the upsert's last one wins


async def test_small_values_stay_on_the_loop_and_large_ones_go_to_a_thread(
    pool: AsyncConnectionPool[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    hops: list[str] = []
    real_to_thread = asyncio.to_thread

    async def counted(func: Callable[..., Any], /, *args: Any) -> Any:
        hops.append(func.__name__)
        return await real_to_thread(func, *args)

    monkeypatch.setattr(postgres_saver.asyncio, "to_thread", counted)
    saver = SwitchboardPostgresSaver(pool)
    await _write_a_thread(saver, "hops", "h")
    assert hops == []  # a few fields, a two-message snapshot
    many = [{"step": n} for n in range(postgres_saver.INLINE_MAX_ITEMS + 1)]
    await saver.aput_writes(_config("hops", "h-2"), [("plan", many)], "task-big")
    assert hops == ["_dump_writes"]
    long_thread = empty_checkpoint()
    long_thread["channel_values"] = {"messages": _DeltaSnapshot(many)}
    long_thread["channel_versions"] = {"messages": "3"}
    await saver.aput(_config("hops", "h-2"), long_thread, {"step": 3}, {"messages": "3"})
    assert hops == ["_dump_writes", "_dump_blobs"]
    saved = await saver.aget_tuple(_config("hops", "h-2"))
    assert saved is not None and saved.pending_writes is not None
    assert ("task-big", "plan", many) in saved.pending_writes
    read = await saver.aget_tuple(_config("hops", long_thread["id"]))
    assert read is not None and read.checkpoint["channel_values"]["messages"].value == many


def test_is_small_looks_at_lengths_and_snapshots() -> None:
    limit = postgres_saver.INLINE_MAX_ITEMS
    assert is_small(["x" * 100_000, 3, None, {"a": 1}, [1] * limit])
    assert not is_small([[1] * (limit + 1)])
    assert not is_small([{n: n for n in range(limit + 1)}])
    assert is_small([_DeltaSnapshot([1, 2])])
    assert not is_small([_DeltaSnapshot([1] * (limit + 1))])


def test_many_rows_repeats_the_values_group_only() -> None:
    sql = "INSERT INTO t (a, b) VALUES (%s, %s) ON CONFLICT (a) DO NOTHING"
    assert many_rows(sql, 3) == (
        "INSERT INTO t (a, b) VALUES (%s, %s), (%s, %s), (%s, %s) ON CONFLICT (a) DO NOTHING"
    )


async def test_a_checkpoint_put_is_one_round_trip(pool: AsyncConnectionPool[Any]) -> None:
    """One statement per put and per set of writes (the library: a pipeline of several)."""
    statements: list[str] = []
    real_execute = psycopg.AsyncCursor.execute

    async def recorded(self: Any, query: Any, params: Any = None, **kwargs: Any) -> Any:
        statements.append(str(query))
        return await real_execute(self, query, params, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(psycopg.AsyncCursor, "execute", recorded)
        await _write_a_thread(SwitchboardPostgresSaver(pool), "trips", "t")
    # Two puts, two sets of writes; the repeated ERROR writes take the library's
    # pipeline (``executemany``), the empty set of writes sends nothing.
    assert len(statements) == 4
    assert statements[1].lstrip().startswith("WITH blobs AS (")
