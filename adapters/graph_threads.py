"""Worker threads for synchronous graph calls made from the serving loop.

With the Postgres checkpointer (``AsyncPostgresSaver``) a synchronous graph call
(``graph.get_state`` in recovery, an approval's resume, a state update, a thread's
deletion) runs each checkpoint operation as a coroutine on the serving loop and blocks
its thread until that coroutine ends. Those coroutines need a thread of the loop's
default executor: the saver decodes pending writes and encodes blobs with
``asyncio.to_thread``, holding its one lock (every checkpoint operation of the process
waits for it) meanwhile, and a new pooled connection resolves its host there too.

Called through ``asyncio.to_thread``, the blocked callers are default-executor threads
themselves. Once they are all of it (cpu + 4 threads: 6 on a 2-core CI runner, and a
burst of runs each recovers its thread first) the coroutines they wait for never get a
thread, the saver's lock is never released, and every request of the process waits
forever: a burst of 51 streamed runs froze CI for 80 minutes. ``in_graph_thread`` runs
such calls on threads of their own, which the saver's work never needs; queue workers
size their default executor for the same reason (``switchboard.worker.process``).

The same holds for any synchronous code that waits on the serving loop: the scheduler's
pass starts each due fire on the loop and waits for it, and starting a run needs the
default executor.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

GRAPH_THREADS = 32
"""Synchronous graph calls at once; more wait their turn (they never wait on each other)."""

_threads = ThreadPoolExecutor(GRAPH_THREADS, thread_name_prefix="switchboard-graph")


async def in_graph_thread(func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """``asyncio.to_thread`` for code that waits on the serving loop (a synchronous graph call)."""
    loop = asyncio.get_running_loop()
    call = functools.partial(contextvars.copy_context().run, func, *args, **kwargs)
    return await loop.run_in_executor(_threads, call)
