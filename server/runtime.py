"""What the app holds for its lifetime: services, the compiled graph, live runs."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Protocol

from langgraph.graph.state import CompiledStateGraph

from adapters.lead_bus import LeadBus
from adapters.lead_bus.in_process import InProcessBus
from adapters.run_events import RunEventLog
from adapters.run_events.in_process import InProcessRunEventLog
from adapters.run_queue import RunQueue
from adapters.services import Services
from server.services.request_admission import RequestAdmission
from server.services.run_slots import RunSlots


class StoppableRun(Protocol):
    """A run a shutdown stops by asking it (an in-process AG-UI stream)."""

    async def stop(self, reason: str) -> None:
        """End the run as cancelled for ``reason``; its stream ends with that reason."""


@dataclass
class AppRuntime:
    """Built once in the lifespan; handed to routes through ``server.deps``."""

    services: Services
    graph: CompiledStateGraph[Any, Any, Any, Any]
    lead_bus: LeadBus = field(default_factory=InProcessBus)
    """Where the lead pipeline's events are published (Redis Streams or in-process)."""
    run_queue: RunQueue | None = None
    """Where REST runs go when workers run them (Redis); None: they run in this process."""
    run_events: RunEventLog = field(default_factory=InProcessRunEventLog)
    """Every run's events (Redis Streams or in-process): SSE routes read and resume from it."""
    live_runs: dict[str, asyncio.Task[Any]] = field(default_factory=dict)
    """Background run tasks by run id, so a cancel can really stop one."""
    run_slots: RunSlots | None = None
    """Bounds the runs executing here at once (``server.services.run_slots``); None: built
    from the settings and the business engine on first use."""
    request_admission: RequestAdmission | None = None
    """Bounds the requests working on the business database at once
    (``server.services.request_admission``); None: built on first use."""
    launches: set[asyncio.Future[Any]] = field(default_factory=set)
    """Starts of background runs under way (``background_runs.start``), kept until they
    end: the loop holds tasks weakly, a launch whose caller was cancelled goes on until it
    has released or started what it took, and a shutdown waits for them."""
    agui_runs: dict[str, StoppableRun] = field(default_factory=dict)
    """In-process AG-UI runs by record id, from admission to their end, so a shutdown
    can end their streams (``server.services.agui_in_process``)."""
    langgraph_runs: dict[str, Any] = field(default_factory=dict)
    """Runs of LangGraph's server API queued or running here, by id (their events)."""
