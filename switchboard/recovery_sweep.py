"""The server's recovery sweep: at start-up, then on a timer, one sweeper at a time.

Entry points recover the thread they touch (``switchboard.recovery``), but a thread no
one touches again would keep an approved action unexecuted for ever. So every server
sweeps all tenants' threads at start-up (``recover_on_startup``) and then every
``recovery_sweep_interval_seconds``. With several server processes on one database,
the sweep is claimed (``adapters.thread_locks.sweep_claim``): one process sweeps a
round, the others skip it. Each thread is still recovered under its own lock, and the
outbox key keeps every action exactly-once, so even two sweeps of one thread act once.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from langgraph.graph.state import CompiledStateGraph

from adapters.graph_threads import in_graph_thread
from adapters.services import Services
from adapters.thread_locks import sweep_claim
from switchboard.recovery import Recovery, recover_all

log = logging.getLogger("switchboard.recovery")


def sweep_once(
    services: Services,
    graph: CompiledStateGraph[Any, Any, Any, Any],
    *,
    stop: threading.Event | None = None,
) -> list[Recovery] | None:
    """Recover every thread a dead process left, if this process holds the sweep claim.

    Returns:
        What was recovered, or None when another sweeper holds the claim.
    """
    with sweep_claim(services.engine) as mine:
        if not mine:
            return None
        return recover_all(services, graph, stop=stop)


async def sweep_forever(
    services: Services,
    graph: CompiledStateGraph[Any, Any, Any, Any],
    *,
    at_start: bool,
    interval: float,
    stop: threading.Event,
    stopped: asyncio.Event,
) -> None:
    """Sweep at start (``at_start``), then every ``interval`` seconds (0: never) until stopped.

    ``stop`` ends a sweep between threads; ``stopped`` ends the wait between sweeps. A
    failing sweep is logged and the next one is tried: requests recover their own
    threads meanwhile.
    """
    if at_start:
        await _sweep(services, graph, stop)
    while interval > 0 and not stop.is_set():
        try:
            await asyncio.wait_for(stopped.wait(), timeout=interval)
            return
        except TimeoutError:
            await _sweep(services, graph, stop)


async def _sweep(
    services: Services, graph: CompiledStateGraph[Any, Any, Any, Any], stop: threading.Event
) -> None:
    try:
        done = await in_graph_thread(sweep_once, services, graph, stop=stop)
    except Exception:  # the server serves anyway; each request recovers its own thread
        log.exception("the recovery sweep failed")
        return
    for recovery in done or []:
        log.warning("recovered %s", recovery.sentence())
