"""An in-process AG-UI request cancelled while it is being admitted leaves nothing held.

``agui_in_process.admit`` takes a run slot, the thread's lock (in a worker thread),
recovers the thread and records the run (in a worker thread). A request cancelled at
one of those awaits (its client or server gone) used to close what it had taken while
the worker thread was still at work: a lock taken after that close stayed held by a
closed stack, and a run recorded after it stayed ``running`` on a free thread, waiting
for a recovery sweep. The admission now finishes on its own and, its caller gone, ends
the run it admitted as ``cancelled``: the record is settled, the thread and slot free.

Each case holds the admission at one worker-thread step (a ``threading.Event``), cancels
the request there, then lets the step go on.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from adapters.thread_locks import held_threads
from domain.models import RunRecord
from server.runtime import AppRuntime
from server.services import agui_in_process, queued_agui
from server.services.agui_in_process import GONE_DURING_ADMISSION
from tests.api_helpers import Api, SlowModels, serve
from tests.integration.test_agui_run_slots import QUESTION, agui_body, agui_events, slots_of

pytestmark = pytest.mark.postgres

WAIT = 60.0


@pytest.fixture
async def api(postgres_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(
        postgres_url,
        tmp_path / "data",
        checkpoint_url=postgres_url,
        model=SlowModels(0.1),
        max_live_runs=1,
        run_slot_wait_seconds=0.1,
    ) as running:
        yield running


class Gate:
    """Holds a worker thread at a step until the test opens it."""

    def __init__(self) -> None:
        self.entered, self.opened = threading.Event(), threading.Event()

    def hold(self) -> None:
        self.entered.set()
        assert self.opened.wait(WAIT), "the gate was never opened"


def gated_lock(gate: Gate, real: Callable[[Engine, str], Any]) -> Callable[[Engine, str], Any]:
    @contextmanager
    def lock(engine: Engine, thread_id: str) -> Iterator[None]:
        gate.hold()  # in the worker thread that takes the lock, before it is taken
        with real(engine, thread_id):
            yield

    return lock


def gated_record(gate: Gate, real: Callable[..., str]) -> Callable[..., str]:
    def record(*args: Any, **kwargs: Any) -> str:
        gate.hold()  # in the worker thread that records the run, before it does
        return real(*args, **kwargs)

    return record


async def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"not so after {WAIT} s: {what}"
        await asyncio.sleep(0.05)


@pytest.mark.parametrize("step", ["lock", "record"])
async def test_a_request_cancelled_during_admission_ends_its_run_and_frees_all(
    api: Api, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    gate = Gate()
    if step == "lock":
        monkeypatch.setattr(
            agui_in_process, "thread_lock", gated_lock(gate, agui_in_process.thread_lock)
        )
    else:
        monkeypatch.setattr(
            queued_agui, "record_start", gated_record(gate, queued_agui.record_start)
        )
    runtime: AppRuntime = api.app.state.runtime
    thread = await api.new_thread()
    request = agui_body(thread, QUESTION)

    chat = asyncio.create_task(api.a.post("/agui", json=request, timeout=WAIT))
    assert await asyncio.to_thread(gate.entered.wait, WAIT)
    chat.cancel()  # the request goes away while its worker thread is at the step
    with pytest.raises(asyncio.CancelledError):
        await chat
    gate.opened.set()

    def record() -> RunRecord | None:
        with api.sessions() as session:
            return session.get(RunRecord, request["runId"])

    def settled() -> bool:
        run = record()
        return run is not None and run.status != "running"

    await until(settled, "the run's record is settled")
    run = record()
    assert run is not None
    assert (run.status, run.error) == ("cancelled", GONE_DURING_ADMISSION)
    await until(lambda: not runtime.launches, "the admission has ended")
    assert held_threads(runtime.services.engine, [thread]) == set()
    assert not slots_of(api).full()

    monkeypatch.undo()
    again = await api.a.post("/agui", json=agui_body(thread, "Hi"), timeout=WAIT)
    assert again.status_code == 200, again.text[:300]
    assert agui_events(again.text)[-1]["type"] == "RUN_FINISHED"
