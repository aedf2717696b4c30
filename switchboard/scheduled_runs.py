"""Starting a fired cron's run outside the server: recorded, then executed on a pool.

``switchboard scheduler`` (and tests) use ``ThreadedLauncher`` as ``fire_due``'s launch:
it waits for a free worker (at most ``workers`` scheduled runs at once: each holds its
thread's lock, a database connection on Postgres), takes the fire's thread lock, records
the run with its cron id, and executes it on that worker, so one long run does not hold
back the next due cron while a burst of due crons queues instead of exhausting the
connection pool.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from adapters.services import Services
from adapters.thread_locks import thread_lock
from domain import runs
from domain.schedules.firing import ClaimedFire
from switchboard.scheduler import fire_context

if TYPE_CHECKING:  # the run machinery loads with the first fire (a quiet pass needs none)
    from langgraph.graph.state import CompiledStateGraph

    from switchboard.runs import RunOutcome

log = logging.getLogger("switchboard.scheduler")


class ThreadedLauncher:
    """``fire_due``'s launch for processes without an event loop."""

    def __init__(
        self,
        services: Services,
        graph: CompiledStateGraph[Any, Any, Any, Any] | None = None,
        *,
        workers: int | None = None,
        build_graph: Callable[[], CompiledStateGraph[Any, Any, Any, Any]] | None = None,
    ) -> None:
        """Run fires on ``graph``, or on the one ``build_graph`` makes for the first fire
        (a pass with nothing due then never builds the graph and its model)."""
        if (graph is None) == (build_graph is None):
            raise ValueError("give either graph or build_graph")
        self.services = services
        self._graph = graph
        self._build_graph = build_graph
        self._building = threading.Lock()
        size = workers or services.settings.scheduler_workers
        self.pool = ThreadPoolExecutor(size, thread_name_prefix="switchboard-cron")
        self.free = threading.BoundedSemaphore(size)
        self.futures: list[Future[RunOutcome]] = []

    @property
    def graph(self) -> CompiledStateGraph[Any, Any, Any, Any]:
        """The graph the fires run on (built on first use when given ``build_graph``)."""
        with self._building:
            if self._graph is None:
                assert self._build_graph is not None
                self._graph = self._build_graph()
            return self._graph

    def __call__(self, fire: ClaimedFire) -> str:
        """Record the fire's run and start executing it; its run id.

        Raises:
            ConflictError: the run id was used (the fire ran already) or the thread is busy.
            BudgetExceededError: the tenant's daily run budget is spent.
        """
        from switchboard.recovery import recover_thread

        context = fire_context(fire)
        self.free.acquire()
        locks = ExitStack()
        locks.callback(self.free.release)
        try:
            locks.enter_context(thread_lock(self.services.engine, fire.thread_id))
            recover_thread(self.services, self.graph, fire.thread_id, tenant_id=fire.tenant_id)
            with self.services.scope(
                fire.tenant_id, actor=context.actor, caller=context.caller
            ) as scope:
                runs.start_run(
                    scope,
                    run_id=fire.run_id,
                    thread_id=fire.thread_id,
                    kind="run",
                    run_input=fire.run_input(),
                    cron_id=fire.cron_id,
                )
        except BaseException:
            locks.close()
            raise
        self.futures.append(self.pool.submit(self._drive, fire, locks))
        return fire.run_id

    def _drive(self, fire: ClaimedFire, locks: ExitStack) -> RunOutcome:
        from langchain_core.messages import HumanMessage

        from switchboard.runs import execute_recorded

        with locks:
            return execute_recorded(
                self.services,
                self.graph,
                {"messages": [HumanMessage(fire.request_text)]},
                thread_id=fire.thread_id,
                context=fire_context(fire),
                run_id=fire.run_id,
            )

    def wait(self) -> list[RunOutcome]:
        """Wait for every run started so far; their outcomes."""
        done = [f.result() for f in self.futures]
        self.futures.clear()
        return done

    def close(self) -> None:
        """Let the running runs finish, then stop the workers."""
        self.pool.shutdown(wait=True)
