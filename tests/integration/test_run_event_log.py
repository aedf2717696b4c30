"""Runs' event logs on Redis Streams and in-process alike: order, resume, wait, end, expiry.

Each behaviour runs on both logs, so the embedded default keeps Redis's rules: ids sort
in append order, a reader after any id gets exactly the rest, a reader that started
early waits for new events and stops at the end marker, a closed log stays readable for
its retention and then goes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from adapters.run_events import RunEventLog
from adapters.run_events.protocol import id_key
from adapters.run_events.redis_streams import RedisRunEventLog
from adapters.run_events.writer import RunEventWriter
from tests.integration.test_rate_limits import redis_url
from tests.run_event_helpers import event, open_log, read_all

KINDS = ["in-process", pytest.param("redis", marks=pytest.mark.redis)]


@pytest.fixture(params=KINDS)
async def log(request: pytest.FixtureRequest) -> AsyncIterator[RunEventLog]:
    url = redis_url() if request.param == "redis" else None
    async with open_log(request.param, url) as opened:
        yield opened


async def test_events_come_back_in_order_with_their_ids_and_stop_at_the_end(
    log: RunEventLog,
) -> None:
    ids = [await log.append("run-1", event(n)) for n in range(5)]
    end = await log.close("run-1")
    assert sorted(ids, key=id_key) == ids and len(set(ids)) == 5
    assert id_key(end) > id_key(ids[-1])
    assert await read_all(log, "run-1") == [(i, event(n)) for n, i in enumerate(ids)]
    assert not await log.exists("run-2")


async def test_a_reader_after_an_id_gets_exactly_the_rest(log: RunEventLog) -> None:
    ids = [await log.append("run-1", event(n)) for n in range(6)]
    await log.close("run-1")
    assert await read_all(log, "run-1", after=ids[2]) == [
        (ids[3], event(3)),
        (ids[4], event(4)),
        (ids[5], event(5)),
    ]
    assert await read_all(log, "run-1", after=ids[-1]) == []  # had everything: ends at once


async def test_an_early_reader_waits_for_events_and_ends_when_the_log_closes(
    log: RunEventLog,
) -> None:
    got: list[tuple[str, dict[str, object]]] = []
    first = asyncio.Event()

    async def follow() -> None:
        async for item in log.read("run-1"):
            got.append(item)
            first.set()

    reader = asyncio.create_task(follow())
    await asyncio.sleep(0.05)  # the reader waits on a log nobody wrote yet
    assert not reader.done() and got == []
    one = await log.append("run-1", event(1))
    await asyncio.wait_for(first.wait(), 10)
    assert not reader.done()  # still following: the log is open
    two = await log.append("run-1", event(2))
    await log.close("run-1")
    await asyncio.wait_for(reader, 10)
    assert got == [(one, event(1)), (two, event(2))]


async def test_a_batch_read_hands_over_what_is_there_at_once_and_stops_at_the_end(
    log: RunEventLog,
) -> None:
    """What a stream writes in one send: every event there, never the end marker."""
    ids = await log.extend("run-1", [event(n) for n in range(4)])
    batches = log.read_batches("run-1", after=ids[0])
    assert await anext(batches) == [(i, event(n)) for n, i in enumerate(ids) if n > 0]
    waiting = asyncio.ensure_future(anext(batches))
    await asyncio.sleep(0.05)
    assert not waiting.done()  # nothing more yet: it waits, it does not hand over []
    more = await log.extend("run-1", [event(4), event(5)])
    await log.close("run-1", [event(6)])
    got = [*await asyncio.wait_for(waiting, 10)]
    got += [item async for batch in batches for item in batch]
    assert [i for i, _ in got][:2] == more and [e for _, e in got] == [event(n) for n in (4, 5, 6)]


async def test_logs_of_two_runs_do_not_mix(log: RunEventLog) -> None:
    await log.append("run-a", event(1))
    await log.append("run-b", event(2))
    await log.append("run-a", event(3))
    await log.close("run-a")
    await log.close("run-b")
    assert [e for _, e in await read_all(log, "run-a")] == [event(1), event(3)]
    assert [e for _, e in await read_all(log, "run-b")] == [event(2)]


@pytest.mark.parametrize("kind", KINDS)
async def test_exists_is_true_from_the_first_event_until_the_retention_ends(kind: str) -> None:
    url = redis_url() if kind == "redis" else None
    async with open_log(kind, url, retention_seconds=1) as log:
        assert not await log.exists("run-1")
        reader = asyncio.create_task(read_all(log, "run-1"))
        await asyncio.sleep(0.05)
        assert not await log.exists("run-1")  # a waiting reader creates nothing
        await log.append("run-1", event(1))
        assert await log.exists("run-1")
        await log.close("run-1")
        assert [e for _, e in await asyncio.wait_for(reader, 10)] == [event(1)]
        assert await log.exists("run-1")
        assert [e for _, e in await read_all(log, "run-1")] == [event(1)]  # still readable
        await asyncio.sleep(1.3)
        assert not await log.exists("run-1"), kind


@pytest.mark.redis
async def test_two_processes_share_a_log_through_redis() -> None:
    url = redis_url()
    async with open_log("redis", url) as writer:
        assert isinstance(writer, RedisRunEventLog)
        reader = RedisRunEventLog(url, prefix=writer.prefix)  # another process's client
        try:
            following = asyncio.create_task(read_all(reader, "run-1"))
            ids = [await writer.append("run-1", event(n)) for n in range(3)]
            await writer.close("run-1")
            assert await asyncio.wait_for(following, 10) == [
                (i, event(n)) for n, i in enumerate(ids)
            ]
            assert await reader.exists("run-1")
        finally:
            await reader.aclose()


@pytest.mark.redis
async def test_a_redis_log_is_bounded_and_expires_after_close() -> None:
    async with open_log("redis", redis_url(), max_events=100, retention_seconds=600) as log:
        assert isinstance(log, RedisRunEventLog)
        for n in range(1000):
            await log.append("run-1", event(n))
        key = log.key("run-1")
        assert 100 <= await log.redis.xlen(key) < 1000  # trimmed (approximately) to the bound
        assert await log.redis.ttl(key) > 3600  # open: kept a day after its last event
        await log.close("run-1")
        assert 0 < await log.redis.ttl(key) <= 600
        events = [e for _, e in await read_all(log, "run-1")]
        assert events[-1] == event(999) and len(events) < 1000


async def test_extend_adds_a_batch_in_order_and_a_writer_never_waits_on_the_log(
    log: RunEventLog,
) -> None:
    ids = await log.extend("run-1", [event(n) for n in range(3)])
    assert len(ids) == 3 and sorted(ids, key=id_key) == ids
    writer = RunEventWriter(log, "run-1")
    for n in range(3, 50):
        writer.put(event(n))  # synchronous: the run goes on while the writer flushes
    await writer.close()
    assert not writer.broken
    got = await read_all(log, "run-1")
    assert [e for _, e in got] == [event(n) for n in range(50)]
    assert [i for i, _ in got][:3] == ids


async def test_a_writer_whose_log_breaks_drops_its_events_and_never_raises() -> None:
    broken = RedisRunEventLog("redis://127.0.0.1:1/0")  # nothing listens there
    writer = RunEventWriter(broken, "run-1")
    writer.put(event(1))
    writer.put(event(2))
    await writer.close()
    assert writer.broken
    writer.put(event(3))  # ignored
    await writer.close()
    await broken.aclose()
