"""``invoke_model``: a synchronous node's model call runs on the serving loop when there is one."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from langchain_core.runnables import RunnableLambda

from adapters.serving_loop import invoke_model, serving_loop


def _recording() -> tuple[RunnableLambda[Any, Any], list[tuple[str, int]]]:
    calls: list[tuple[str, int]] = []

    def sync(value: str) -> str:
        calls.append(("sync", threading.get_ident()))
        return value.upper()

    async def on_loop(value: str) -> str:
        calls.append(("async", threading.get_ident()))
        return value.upper()

    return RunnableLambda(sync, afunc=on_loop), calls


def test_outside_a_serving_loop_it_is_a_plain_invoke() -> None:
    model, calls = _recording()
    assert invoke_model(model, "hi", None) == "HI"
    assert calls == [("sync", threading.get_ident())]


async def test_from_a_worker_thread_the_call_runs_on_the_serving_loop() -> None:
    model, calls = _recording()
    with serving_loop():
        answer = await asyncio.to_thread(invoke_model, model, "hi", None)
    assert answer == "HI"
    assert calls == [("async", threading.get_ident())]


async def test_on_the_loop_thread_itself_it_does_not_wait_on_itself() -> None:
    model, calls = _recording()
    with serving_loop():
        assert invoke_model(model, "hi", None) == "HI"
    assert calls == [("sync", threading.get_ident())]


async def test_the_worker_threads_context_travels_with_the_call() -> None:
    from contextvars import ContextVar

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
