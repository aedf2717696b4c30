"""Model calls from synchronous nodes of a streamed run, on one long-lived callback loop.

Under ``graph.astream`` a synchronous node runs in a worker thread. A model it calls
there reports every streamed token through LangChain's synchronous callback manager,
and the run's asynchronous handlers (``astream_events``, which the AG-UI endpoint
consumes) are then driven by a new event loop created for that one token, whose start
and close scan every task in the process (``asyncio.all_tasks``): the largest single
cost in a profile of 50 streaming clients.

``serving_loop()`` marks the block in which a run is streamed; ``invoke_model`` then
runs a synchronous node's model call as ``ainvoke`` on a dedicated event loop in its own
thread, started once per process, and waits for it, so the handlers are awaited on a
loop that already exists. Not on the serving loop itself: the waiting worker thread
belongs to that loop's default executor, and the call may need the same executor (the
offline model's answer, a synchronous callback handler); with every worker waiting,
nothing would run it. The dedicated loop has its own executor, and nothing it runs
waits on the serving loop (the ``astream_events`` handler hands events over with
``call_soon_threadsafe``). The call runs in a copy of the node's context, so the run's
config, runtime and tenant travel with it exactly as with ``invoke``.

Outside such a block (the CLI's ``graph.invoke``, tests, Studio) or on a thread that
runs an event loop, ``invoke_model`` is a plain ``invoke``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any

from langchain_core.runnables import Runnable, RunnableConfig

_STREAMED: ContextVar[bool] = ContextVar("switchboard_streamed_run", default=False)
_loop: asyncio.AbstractEventLoop | None = None
_loop_lock = threading.Lock()


@contextmanager
def serving_loop() -> Iterator[None]:
    """Within the block, synchronous nodes of runs started here call models via the
    callback loop (worker threads inherit the mark with the run's context)."""
    token = _STREAMED.set(True)
    try:
        yield
    finally:
        # An async generator closed from another task's context (a client gone) cannot
        # reset the mark; that context ends with its task.
        with suppress(ValueError):
            _STREAMED.reset(token)


def callback_loop() -> asyncio.AbstractEventLoop:
    """The process's callback loop, running in a daemon thread (started on first use)."""
    global _loop
    with _loop_lock:
        if _loop is None or _loop.is_closed():
            loop = asyncio.new_event_loop()
            threading.Thread(
                target=loop.run_forever, name="switchboard-callback-loop", daemon=True
            ).start()
            _loop = loop
        return _loop


def on_a_loop_thread() -> bool:
    """Whether an event loop runs in this thread (callbacks dispatched asynchronously)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def invoke_model(model: Runnable[Any, Any], messages: Any, config: RunnableConfig | None) -> Any:
    """``model.invoke(messages, config)``; awaited on the callback loop in a streamed run."""
    if not _STREAMED.get() or on_a_loop_thread():
        return model.invoke(messages, config=config)
    # call_soon_threadsafe copies this thread's context into the task it creates.
    call = model.ainvoke(messages, config=config)
    return asyncio.run_coroutine_threadsafe(call, callback_loop()).result()
