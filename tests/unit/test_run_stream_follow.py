"""``follow``: a silent log is read again after each idle period without losing or
repeating an event, and a run that ended without closing its log ends the stream."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from adapters.run_events.in_process import InProcessRunEventLog
from server.services.run_streams import LogEndedError, follow
from tests.run_event_helpers import event


class Checks:
    """``running()`` for ``follow``: counts its calls, answers what the test sets."""

    def __init__(self) -> None:
        self.calls = 0
        self.answer = True

    async def __call__(self) -> bool:
        self.calls += 1
        return self.answer


async def collect(log: InProcessRunEventLog, checks: Checks, after: str | None = None) -> Any:
    return [item async for item in follow(log, "run-1", after, running=checks, idle=0.02)]


async def test_a_quiet_running_log_is_read_again_without_gaps_or_repeats() -> None:
    log, checks = InProcessRunEventLog(), Checks()
    first = await log.append("run-1", event(1))
    reader = asyncio.create_task(collect(log, checks))
    await asyncio.sleep(0.15)  # several idle periods: checked, still running, read again
    assert checks.calls >= 3 and not reader.done()
    await log.append("run-1", event(2))
    await asyncio.sleep(0.1)
    await log.append("run-1", event(3))
    await log.close("run-1")
    got = await asyncio.wait_for(reader, 5)
    assert got == [(first, event(1)), ("0-2", event(2)), ("0-3", event(3))]
    assert log._logs["run-1"].readers == 0  # every cancelled read was closed


async def test_a_run_that_ended_without_closing_its_log_ends_the_stream() -> None:
    log, checks = InProcessRunEventLog(), Checks()
    await log.append("run-1", event(1))
    checks.answer = False
    with pytest.raises(LogEndedError, match="run run-1 ended without closing its event log"):
        await asyncio.wait_for(collect(log, checks, after="0-1"), 5)
    assert checks.calls == 2  # one more quiet period after the first "not running"
