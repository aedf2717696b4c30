"""Starting a run never leaves a wait behind: a run that cannot start, or whose caller
leaves while it starts, ends its waiters and frees its thread and its run slot.

Before the fixes in ``server.services.background_runs`` and ``langgraph_api.runs``:

- a run's task cancelled before its first step (a cancel or a shutdown that found it in
  ``live_runs`` at once) never ran its body: ``start`` waited for ``started`` forever, its
  stream never ended, its record said "running" and its lock and slot were never released;
- a caller cancelled as its run registered (a pending LangGraph run cancelled then) left
  the run going to its answer;
- a run whose ending events failed never told its sink (LangGraph's ``wait``/``join`` and
  the runs queued behind it wait for that) nor closed its log;
- a LangGraph run refused at its start (409, 503) never told the runs enqueued behind it
  meanwhile, which waited for it forever (and every later run on the thread behind them).

A caller cancelled while its thread's lock is taken in a worker thread: the lock used to
be released only when the garbage collector finalized it; now the start finishes, and
the run it started is cancelled and recorded so.

Every wait here is bounded (``asyncio.wait_for``): a regression fails, it does not hang.
One run slot (``max_live_runs=1``): a slot that leaked makes the next request a 503.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import HumanMessage
from sqlalchemy import Engine

from adapters.thread_locks import held_threads, thread_lock
from domain.errors import ConflictError
from domain.models import RunRecord
from graphs.context import Context
from server.runtime import AppRuntime
from server.services import background_runs
from tests.api_helpers import REFUND_REQUEST, TENANT_A, Api, serve, sse_events

BOUND = 30.0
"""Seconds any wait may take before the test fails (each takes well under one)."""
CONTEXT = Context(tenant_id=TENANT_A, actor="test")


@pytest.fixture
async def api(fresh_demo_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(
        fresh_demo_url, tmp_path / "data", max_live_runs=1, run_slot_wait_seconds=0.1
    ) as running:
        yield running


def runtime_of(api: Api) -> AppRuntime:
    runtime: AppRuntime = api.app.state.runtime
    return runtime


class CancelledOnArrival(dict[str, asyncio.Task[Any]]):
    """``live_runs`` that cancels each run's task as it is registered, before its first step."""

    def __setitem__(self, run_id: str, task: asyncio.Task[Any]) -> None:
        super().__setitem__(run_id, task)
        task.cancel()


def start(runtime: AppRuntime, thread_id: str, **kwargs: Any) -> Any:
    return background_runs.start(
        runtime,
        CONTEXT,
        thread_id=thread_id,
        graph_input={"messages": [HumanMessage(REFUND_REQUEST)]},
        kind="run",
        run_input={"text": REFUND_REQUEST, "via": "test"},
        **kwargs,
    )


async def recorded(runtime: AppRuntime, thread_id: str) -> list[RunRecord]:
    def read() -> list[RunRecord]:
        with runtime.services.scope(TENANT_A, actor="test") as scope:
            runs = scope.session.query(RunRecord).filter_by(thread_id=thread_id).all()
            for run in runs:
                scope.session.expunge(run)
            return runs

    return await asyncio.to_thread(read)


async def freed(engine: Engine, thread_id: str) -> None:
    """Return once no run holds the thread's lock (bounded by the caller)."""
    while await asyncio.to_thread(held_threads, engine, [thread_id]):
        await asyncio.sleep(0.02)


async def log_of(runtime: AppRuntime, run_id: str) -> list[dict[str, Any]]:
    """The run's logged events up to its end marker (a log never closed: the bound fails)."""

    async def read() -> list[dict[str, Any]]:
        return [event async for _, event in runtime.run_events.read(run_id)]

    return await asyncio.wait_for(read(), BOUND)


async def stream_ends_done(api: Api, thread_id: str) -> None:
    """A new streamed run on the thread gets the slot and the lock, and ends."""
    response = await asyncio.wait_for(
        api.a.post(f"/threads/{thread_id}/runs/stream", json={"text": REFUND_REQUEST}), BOUND
    )
    assert response.status_code == 200, response.text
    name, data = sse_events(response.text)[-1]
    assert (name, json.loads(data)["status"]) == ("end", "interrupted")


async def test_a_streamed_run_cancelled_before_its_first_step_ends_as_cancelled(
    api: Api,
) -> None:
    runtime = runtime_of(api)
    thread_id = await api.new_thread()
    runtime.live_runs = CancelledOnArrival()
    response = await asyncio.wait_for(
        api.a.post(f"/threads/{thread_id}/runs/stream", json={"text": REFUND_REQUEST}), BOUND
    )
    runtime.live_runs = {}

    assert response.status_code == 200, response.text
    events = sse_events(response.text)
    assert [name for name, _ in events] == ["metadata", "end"]
    end = json.loads(events[-1][1])
    assert (end["status"], end["error"]) == ("cancelled", "cancelled before it started")
    [run] = await recorded(runtime, thread_id)
    assert (run.status, run.error) == ("cancelled", "cancelled before it started")
    await asyncio.wait_for(freed(runtime.services.engine, thread_id), BOUND)
    await stream_ends_done(api, thread_id)


async def test_start_returns_for_a_task_cancelled_before_its_first_step(api: Api) -> None:
    runtime = runtime_of(api)
    thread_id = await api.new_thread()
    ended = asyncio.Event()
    runtime.live_runs = CancelledOnArrival()
    handle = await asyncio.wait_for(
        start(runtime, thread_id, sink=lambda e: e is None and ended.set()), BOUND
    )
    runtime.live_runs = {}

    assert handle.task.cancelled()
    await asyncio.wait_for(ended.wait(), BOUND)  # a LangGraph ``wait``/``join`` ends
    logged = await log_of(runtime, handle.run_id)
    assert [e["event"] for e in logged] == ["metadata", "end"]
    assert logged[-1]["data"]["status"] == "cancelled"
    await stream_ends_done(api, thread_id)


async def test_a_caller_cancelled_while_its_lock_is_taken_leaves_the_thread_free(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = runtime_of(api)
    thread_id = await api.new_thread()
    inside, gate, taken = threading.Event(), threading.Event(), threading.Event()

    @contextmanager
    def slow_lock(engine: Engine, thread: str) -> Iterator[None]:
        """The worker thread taking the lock waits for ``gate`` first."""
        inside.set()
        assert gate.wait(BOUND)
        with thread_lock(engine, thread):
            taken.set()
            yield

    monkeypatch.setattr(background_runs, "thread_lock", slow_lock)
    starting = asyncio.ensure_future(start(runtime, thread_id))
    assert await asyncio.wait_for(asyncio.to_thread(inside.wait, BOUND), BOUND)
    starting.cancel()  # its client went away while the lock was being taken
    gate.set()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(starting, BOUND)
    assert await asyncio.wait_for(asyncio.to_thread(taken.wait, BOUND), BOUND)

    await asyncio.wait_for(freed(runtime.services.engine, thread_id), BOUND)
    monkeypatch.undo()
    runs = await recorded(runtime, thread_id)
    assert [(r.status, r.error) for r in runs] == [("cancelled", "cancelled on request")]
    await stream_ends_done(api, thread_id)


class CancelsCaller(dict[str, asyncio.Task[Any]]):
    """``live_runs`` that cancels ``caller`` as a run registers: the caller of ``start``
    leaves while the run's task has not yet had its first step."""

    caller: asyncio.Future[Any] | None = None

    def __setitem__(self, run_id: str, task: asyncio.Task[Any]) -> None:
        super().__setitem__(run_id, task)
        assert self.caller is not None
        self.caller.cancel()


async def test_a_caller_cancelled_as_its_run_registers_leaves_no_run_going(api: Api) -> None:
    runtime = runtime_of(api)
    thread_id = await api.new_thread()
    runtime.live_runs = registering = CancelsCaller()
    registering.caller = starting = asyncio.ensure_future(start(runtime, thread_id))
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(starting, BOUND)
    [run_id] = registering
    runtime.live_runs = {}

    logged = await log_of(runtime, run_id)  # the run ends (before: it went on to its answer)
    assert logged[-1]["data"]["status"] == "cancelled"
    [run] = await recorded(runtime, thread_id)
    assert (run.status, run.error) == ("cancelled", "cancelled on request")
    await asyncio.wait_for(freed(runtime.services.engine, thread_id), BOUND)
    await stream_ends_done(api, thread_id)


async def test_a_run_whose_ending_fails_still_tells_its_sink_and_closes_its_log(
    api: Api,
) -> None:
    runtime = runtime_of(api)
    thread_id = await api.new_thread()

    async def nothing(*_: Any) -> AsyncIterator[Any]:
        return
        yield

    def failing(run_id: str, ending: dict[str, Any]) -> list[Any]:
        raise RuntimeError("the ending events cannot be built")

    ended = asyncio.Event()
    streaming = background_runs.Streaming(source=nothing, ending=failing)
    handle = await asyncio.wait_for(
        start(runtime, thread_id, sink=lambda e: e is None and ended.set(), streaming=streaming),
        BOUND,
    )
    await asyncio.wait_for(ended.wait(), BOUND)
    assert [e["event"] for e in await log_of(runtime, handle.run_id)] == ["metadata"]
    [run] = await recorded(runtime, thread_id)
    assert run.status == "done"
    await asyncio.wait_for(freed(runtime.services.engine, thread_id), BOUND)


LG = "/langgraph/threads"


def ask(text: str) -> dict[str, Any]:
    return {
        "assistant_id": "switchboard",
        "input": {"messages": [{"role": "user", "content": text}]},
    }


async def test_a_langgraph_run_enqueued_behind_one_refused_at_its_start_runs(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    thread_id = (await api.a.post(LG, json={})).json()["thread_id"]
    inside, gate = threading.Event(), threading.Event()
    taken: list[str] = []

    @contextmanager
    def lock(engine: Engine, thread: str) -> Iterator[None]:
        """The first run finds the thread held by another process, once the second waits."""
        taken.append(thread)
        if len(taken) == 1:
            inside.set()
            assert gate.wait(BOUND)
            raise ConflictError(f"thread {thread} is busy in another process")
        with thread_lock(engine, thread):
            yield

    monkeypatch.setattr(background_runs, "thread_lock", lock)
    first = asyncio.ensure_future(api.a.post(f"{LG}/{thread_id}/runs", json=ask("daily insights")))
    assert await asyncio.wait_for(asyncio.to_thread(inside.wait, BOUND), BOUND)
    second = (await api.a.post(f"{LG}/{thread_id}/runs", json=ask("pipeline value?"))).json()
    assert second["status"] == "pending"  # enqueued behind the first, which is starting
    gate.set()
    refused = await asyncio.wait_for(first, BOUND)
    assert refused.status_code == 409, refused.text

    joined = await asyncio.wait_for(
        api.a.get(f"{LG}/{thread_id}/runs/{second['run_id']}/join"), BOUND
    )
    assert joined.status_code == 200, joined.text
    asked = [m["content"] for m in joined.json()["messages"] if m["type"] == "human"]
    assert asked == ["pipeline value?"]
