"""Stopping this process's runs when it shuts down, before the server waits for its clients.

``stop_runs`` is the API process's stop: no new run from then on (503), the starts under
way settle, then every run executing here is cancelled and recorded so, and every
in-process AG-UI stream ends with RUN_ERROR saying the server is shutting down; their
threads and run slots are freed. The lifespan's shutdown calls it.

Under uvicorn that came too late for a stream: on SIGTERM uvicorn first waits for open
connections to close, and only then runs the lifespan's shutdown. An AG-UI chat (or a
console stream of a run here) kept its connection open until its run ended by itself,
so the process did not exit, and a run that never ended held its thread. ``serve``'s
``GracefulServer`` runs ``stop_runs`` as the server's shutdown begins, so the streams
end and their connections close; ``timeout_graceful_shutdown``
(``SWITCHBOARD_SHUTDOWN_GRACE_SECONDS``) bounds the wait for any other connection (a
stream of a queue worker's run, which a client rejoins elsewhere with
``Last-Event-ID``). Stopping twice does nothing more.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from server.runtime import AppRuntime
from server.services import background_runs

log = logging.getLogger("switchboard.server.shutdown")

SHUTTING_DOWN = (
    "the server is shutting down and stopped this run before it finished (recorded "
    "cancelled); send the message again"
)
"""The RUN_ERROR message (and the run's recorded error) of an AG-UI run stopped here."""

_runtimes: dict[int, AppRuntime] = {}


@contextmanager
def stopped_at_shutdown(runtime: AppRuntime) -> Iterator[None]:
    """Have a ``GracefulServer`` of this process stop ``runtime``'s runs while this lasts."""
    _runtimes[id(runtime)] = runtime
    try:
        yield
    finally:
        _runtimes.pop(id(runtime), None)


async def stop_runs(runtime: AppRuntime) -> None:
    """Refuse new runs, settle the starts under way, then stop every run executing here.

    Each run is recorded ``cancelled``, its stream ends (an AG-UI stream with RUN_ERROR
    ``SHUTTING_DOWN``) and its thread and slot are freed.
    """
    # No new run from here on (503), and starts under way end in live_runs first.
    await background_runs.settle_launches(runtime)
    queued = [r.task for r in runtime.langgraph_runs.values() if r.task is not None]
    live = list({*runtime.live_runs.values(), *queued})  # queued API runs too
    for task in live:
        task.cancel()
    stops = [run.stop(SHUTTING_DOWN) for run in list(runtime.agui_runs.values())]
    await asyncio.gather(*live, *stops, return_exceptions=True)  # each records "cancelled"


class GracefulServer(uvicorn.Server):
    """uvicorn's server, stopping this process's runs as its shutdown begins."""

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for runtime in list(_runtimes.values()):
            try:
                await stop_runs(runtime)
            except Exception:  # the server still shuts down; the lifespan tries again
                log.exception("stopping the runs of this process failed")
        await super().shutdown(sockets)
