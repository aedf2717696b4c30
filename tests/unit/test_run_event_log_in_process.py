"""The in-process run event log's own rules: ids, trimming, expiry; event id checks."""

from __future__ import annotations

import asyncio

import pytest

from adapters.run_events.in_process import InProcessRunEventLog
from adapters.run_events.protocol import check_event_id, id_key
from domain.errors import InvalidArgumentError
from tests.run_event_helpers import event, read_all


async def test_ids_count_per_run_and_sort_numerically() -> None:
    log = InProcessRunEventLog()
    ids = [await log.append("run-1", event(n)) for n in range(12)]
    assert ids[:2] == ["0-1", "0-2"] and ids[-1] == "0-12"
    assert sorted(reversed(ids), key=id_key) == ids  # "0-10" after "0-9"
    assert await log.append("run-2", event(0)) == "0-1"
    assert await log.close("run-1") == "0-13"


async def test_a_long_log_keeps_its_newest_events_and_their_ids() -> None:
    log = InProcessRunEventLog(max_events=3)
    for n in range(1, 6):
        await log.append("run-1", event(n))
    await log.close("run-1")
    assert await read_all(log, "run-1") == [("0-3", event(3)), ("0-4", event(4)), ("0-5", event(5))]
    assert await read_all(log, "run-1", after="0-1") == await read_all(log, "run-1")
    assert await read_all(log, "run-1", after="0-4") == [("0-5", event(5))]


async def test_an_id_of_another_log_reads_only_what_comes_next() -> None:
    log = InProcessRunEventLog()
    await log.append("run-1", event(1))
    reader = asyncio.create_task(read_all(log, "run-1", after="1733446200000-0"))
    await asyncio.sleep(0)
    await log.append("run-1", event(2))
    await log.close("run-1")
    assert await asyncio.wait_for(reader, 5) == [("0-2", event(2))]


async def test_a_closed_log_goes_after_its_retention_and_an_unwritten_one_too() -> None:
    log = InProcessRunEventLog(retention_seconds=0.05)
    await log.append("run-1", event(1))
    await log.close("run-1")
    await log.append("run-2", event(1))  # open: stays however long it runs
    assert [e for _, e in await read_all(log, "run-1")] == [event(1)]
    await asyncio.sleep(0.1)
    assert not await log.exists("run-1")
    assert await log.exists("run-2")
    assert "run-1" not in log._logs
    reader = asyncio.create_task(read_all(log, "run-3"))  # asked for, never written
    await asyncio.sleep(0.1)
    await log.exists("run-0")  # any use drops what expired, but not a log being read
    assert "run-3" in log._logs
    reader.cancel()
    with pytest.raises(asyncio.CancelledError):
        await reader
    await asyncio.sleep(0.1)
    await log.exists("run-0")
    assert "run-3" not in log._logs


@pytest.mark.parametrize("value", ["0-1", "1733446200000-12", None])
def test_event_ids_in_the_log_form_pass(value: str | None) -> None:
    assert check_event_id(value) == value


@pytest.mark.parametrize("value", ["", "12", "abc", "1-2-3", "-1", "1-x", "9" * 30 + "-0"])
def test_anything_else_is_refused_naming_the_header(value: str) -> None:
    with pytest.raises(InvalidArgumentError, match=r"Last-Event-ID: .* is not an event id"):
        check_event_id(value)


async def test_beyond_its_bound_of_ended_logs_the_oldest_go_first() -> None:
    log = InProcessRunEventLog(max_ended=3)
    for n in range(5):
        await log.append(f"run-{n}", event(n))
        await log.close(f"run-{n}")
    await log.append("open", event(9))  # running: never dropped for the bound
    assert [await log.exists(f"run-{n}") for n in range(5)] == [False, False, True, True, True]
    assert await log.exists("open")
