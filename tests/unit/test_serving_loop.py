"""``invoke_model``: in a streamed run, a synchronous node's model call is awaited on the
callback loop; elsewhere it is a plain ``invoke``."""

from __future__ import annotations

import asyncio
import threading
from contextvars import ContextVar, copy_context
from typing import Any

from langchain_core.runnables import RunnableLambda

from adapters.serving_loop import callback_loop, invoke_model, serving_loop


def _recording() -> tuple[RunnableLambda[Any, Any], list[tuple[str, int]]]:
    calls: list[tuple[str, int]] = []

    def sync(value: str) -> str:
        calls.append(("sync", threading.get_ident()))
        return value.upper()

    async def on_loop(value: str) -> str:
        calls.append(("async", threading.get_ident()))
        return value.upper()

    return RunnableLambda(sync, afunc=on_loop), calls


def _loop_thread() -> int:
    return asyncio.run_coroutine_threadsafe(_ident(), callback_loop()).result()


async def _ident() -> int:
    return threading.get_ident()


def test_outside_a_streamed_run_it_is_a_plain_invoke() -> None:
    model, calls = _recording()
    assert invoke_model(model, "hi", None) == "HI"
    assert calls == [("sync", threading.get_ident())]


async def test_from_a_worker_thread_the_call_is_awaited_on_the_callback_loop() -> None:
    model, calls = _recording()
    with serving_loop():
        answer = await asyncio.to_thread(invoke_model, model, "hi", None)
    assert answer == "HI"
    assert calls == [("async", _loop_thread())]
    assert _loop_thread() != threading.get_ident()


async def test_on_a_thread_running_a_loop_it_does_not_wait_on_a_loop() -> None:
    model, calls = _recording()
    with serving_loop():
        assert invoke_model(model, "hi", None) == "HI"
    assert calls == [("sync", threading.get_ident())]


async def test_the_worker_threads_context_travels_with_the_call() -> None:
    seen: ContextVar[str] = ContextVar("seen", default="none")
    observed: list[str] = []

    async def on_loop(value: str) -> str:
        observed.append(seen.get())
        return value

    def node() -> str:
        seen.set("the node's")
        result: str = invoke_model(RunnableLambda(lambda v: v, afunc=on_loop), "x", None)
        return result

    with serving_loop():
        await asyncio.to_thread(node)
    assert observed == ["the node's"]


async def test_every_worker_waiting_on_a_call_that_needs_an_executor_does_not_deadlock() -> None:
    """More waiting nodes than the serving loop's executor has threads, each call needing
    an executor thread itself (as the offline model's answer does)."""

    async def needs_a_thread(value: str) -> str:
        return await asyncio.get_running_loop().run_in_executor(None, str.upper, value)

    model = RunnableLambda(lambda v: v, afunc=needs_a_thread)
    loop = asyncio.get_running_loop()
    with serving_loop():  # as LangGraph runs a sync node: the loop's executor, the context copied
        calls = [
            loop.run_in_executor(None, copy_context().run, invoke_model, model, "x", None)
            for _ in range(40)
        ]
        answers = await asyncio.wait_for(asyncio.gather(*calls), timeout=30)
    assert answers == ["X"] * 40


async def test_a_stream_closed_from_another_task_ends_without_an_error() -> None:
    async def stream() -> Any:
        with serving_loop():
            yield 1
            yield 2

    events = stream()
    assert await events.__anext__() == 1
    await asyncio.create_task(events.aclose())  # as a server closes it when the client leaves
