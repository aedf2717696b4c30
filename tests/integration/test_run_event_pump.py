"""The Redis log's shared reader: many streams on one XREAD, late readers woken, no gaps.

``adapters.run_events.redis_reader`` reads every stream a process follows with one
blocking XREAD. These tests hold it to what each stream's own XREAD gave: every reader
gets exactly its run's events, a reader that comes while the pump is blocked on other
streams is served at once (not after the block's 15 s), a reader that stops waiting
(the stream's idle check) leaves the others untouched and resumes without a gap, and
the process keeps one connection for all of them instead of one per stream.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from adapters.run_events.redis_streams import RedisRunEventLog
from tests.integration.test_rate_limits import redis_url
from tests.run_event_helpers import event, open_log, read_all

pytestmark = pytest.mark.redis


@pytest.fixture
async def log() -> AsyncIterator[RedisRunEventLog]:
    async with open_log("redis", redis_url()) as opened:
        assert isinstance(opened, RedisRunEventLog)
        yield opened


def connections(log: RedisRunEventLog) -> int:
    """Connections the log's pool has made (the pump's own one is not in it)."""
    pool = log.redis.connection_pool
    return len(pool._available_connections) + len(pool._in_use_connections)  # type: ignore[attr-defined]


async def test_thirty_followed_runs_share_one_read_and_each_gets_its_own_events(
    log: RedisRunEventLog,
) -> None:
    runs = [f"run-{n}" for n in range(30)]
    readers = [asyncio.create_task(read_all(log, run)) for run in runs]
    await asyncio.sleep(0.2)  # every reader waits in the pump's XREAD
    for n, run in enumerate(runs):
        await log.extend(run, [event(n), event(n + 100)])
    for run in runs:
        await log.close(run)
    got = await asyncio.wait_for(asyncio.gather(*readers), 10)
    assert [[e for _, e in items] for items in got] == [
        [event(n), event(n + 100)] for n in range(len(runs))
    ]
    # One stream, one blocked connection each, was 30; the pump holds its own one.
    assert connections(log) <= 3


async def test_a_reader_that_comes_while_the_pump_blocks_is_served_at_once(
    log: RedisRunEventLog,
) -> None:
    first = asyncio.create_task(read_all(log, "run-a"))
    await asyncio.sleep(0.2)  # the pump now blocks (15 s) on run-a alone
    second = asyncio.create_task(read_all(log, "run-b"))
    await asyncio.sleep(0.05)
    one = await log.append("run-b", event(1))
    await log.close("run-b")
    assert await asyncio.wait_for(second, 2) == [(one, event(1))]  # woken, not after 15 s
    assert not first.done()
    await log.close("run-a")
    assert await asyncio.wait_for(first, 2) == []


async def test_a_reader_that_stops_waiting_leaves_the_others_and_resumes_without_a_gap(
    log: RedisRunEventLog,
) -> None:
    other = asyncio.create_task(read_all(log, "run-a"))
    ids = [await log.append("run-a", event(0)), await log.append("run-b", event(0))]
    seen: list[str] = []
    events = log.read("run-b")
    seen.append((await anext(events))[0])
    with pytest.raises(TimeoutError):  # as ``run_streams.follow`` cancels a quiet read
        async with asyncio.timeout(0.1):
            await anext(events)
    await events.aclose()
    ids.append(await log.append("run-b", event(1)))
    await log.close("run-b")
    seen += [i for i, _ in await read_all(log, "run-b", after=seen[-1])]
    assert seen == ids[1:]
    await log.append("run-a", event(1))
    await log.close("run-a")
    assert [e for _, e in await asyncio.wait_for(other, 5)] == [event(0), event(1)]


async def test_a_reader_from_the_start_that_comes_during_a_later_read_gets_no_gap(
    log: RedisRunEventLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two joins of one run at once, one after an event id and one from the start.

    The second reader came after the pump had sent a read asking from the first
    reader's position and without waking it (its wake-up was still answering for the
    read before). That read's entries must not be taken as the second reader's first:
    it would miss the events before them. Seen as a rare failure of
    ``test_langgraph_api_resume`` (a whole-stream join without its first two events).
    """
    ids = [await log.append("run-j", event(n)) for n in range(3)]
    later = asyncio.create_task(read_all(log, "run-j", after=ids[1]))
    await asyncio.sleep(0.2)  # the pump blocks on run-j after ids[1] (its first read)
    monkeypatch.setattr(log.pump, "_start_or_wake", lambda *args: None)  # the missed wake
    whole = asyncio.create_task(read_all(log, "run-j"))
    await asyncio.sleep(0.05)
    ids.append(await log.append("run-j", event(3)))  # answers the read from ids[1]
    await log.close("run-j")
    got_whole = await asyncio.wait_for(whole, 5)
    assert [i for i, _ in got_whole] == ids
    assert [e for _, e in got_whole] == [event(n) for n in range(4)]
    assert [i for i, _ in await asyncio.wait_for(later, 5)] == ids[2:]
