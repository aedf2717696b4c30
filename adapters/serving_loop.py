"""Model calls from synchronous nodes, run on the event loop that streams the run.

Under ``graph.astream`` a synchronous node runs in a worker thread. A model it calls
there reports every streamed token through LangChain's synchronous callback manager,
and the run's asynchronous handlers (``astream_events``, which the AG-UI endpoint
consumes) are then each driven by a new event loop created for that one token, whose
start and close scan every task in the process (``asyncio.all_tasks``). Profiled, that
was the largest single cost of a streamed run.

``serving_loop()`` marks the block in which a run is streamed by the current event loop;
``invoke_model`` then sends a synchronous node's model call to that loop and waits for
it in the worker thread, so its callbacks are awaited where the handlers live. Outside
such a block (the CLI's ``graph.invoke``, tests, Studio), or when called on the loop's
own thread, it is a plain ``invoke``. The call runs in a copy of the node's context,
so the run's config, runtime and tenant travel with it exactly as with ``invoke``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from langchain_core.runnables import Runnable, RunnableConfig

_LOOP: ContextVar[tuple[asyncio.AbstractEventLoop, int] | None] = ContextVar(
    "switchboard_serving_loop", default=None
)


@contextmanager
def serving_loop() -> Iterator[None]:
    """Within the block, synchronous nodes of runs started here call models on this loop.

    Enter it from a coroutine on the loop that iterates the run's stream; the worker
    threads LangGraph runs synchronous nodes in inherit it with the run's context.
    """
    loop = asyncio.get_running_loop()
    token = _LOOP.set((loop, threading.get_ident()))
    try:
        yield
    finally:
        _LOOP.reset(token)


def invoke_model(model: Runnable[Any, Any], messages: Any, config: RunnableConfig | None) -> Any:
    """``model.invoke(messages, config)``, awaited on the serving loop when there is one."""
    marked = _LOOP.get()
    if marked is None:
        return model.invoke(messages, config=config)
    loop, loop_thread = marked
    if loop.is_closed() or not loop.is_running() or threading.get_ident() == loop_thread:
        return model.invoke(messages, config=config)
    # call_soon_threadsafe copies this thread's context into the task it creates.
    future = asyncio.run_coroutine_threadsafe(model.ainvoke(messages, config=config), loop)
    return future.result()
