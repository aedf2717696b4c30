"""``InProcessRun.relay`` hands over what the agent has produced, in bursts, never waiting.

The AG-UI endpoint writes each item as one chunk to the socket, so events produced
together leave together, and an event produced alone is not held back for company.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import ExitStack
from typing import Any, cast

import pytest

from graphs.context import Context
from server.services.agui_in_process import InProcessRun


def _run() -> InProcessRun:
    context = Context(tenant_id="demo", actor="test")
    return InProcessRun(runtime=cast(Any, None), context=context, record_id="r", locks=ExitStack())


async def _bursts(*bursts: list[int], fail: bool = False) -> AsyncIterator[int]:
    """The events of each burst at once, with a real wait (the loop runs) between."""
    for burst in bursts:
        for event in burst:
            yield event
        await asyncio.sleep(0.01)
    if fail:
        raise RuntimeError("the agent failed")


async def test_events_produced_together_come_as_one_batch() -> None:
    batches = [batch async for batch in _run().relay(_bursts([1, 2, 3], [4], [5, 6]))]
    assert batches == [[1, 2, 3], [4], [5, 6]]


async def test_a_lone_event_is_not_held_back() -> None:
    relay = _run().relay(_bursts([1], [2]))
    first = await asyncio.wait_for(relay.__anext__(), timeout=1)
    assert first == [1]  # handed over while the agent still waits
    assert [batch async for batch in relay] == [[2]]


async def test_the_events_before_a_failure_arrive_then_the_failure() -> None:
    received: list[list[int]] = []

    async def read_all() -> None:
        async for batch in _run().relay(_bursts([1, 2], [3], fail=True)):
            received.append(batch)

    with pytest.raises(RuntimeError, match="the agent failed"):
        await read_all()
    assert received == [[1, 2], [3]]
