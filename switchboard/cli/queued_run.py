"""``switchboard run`` with the run queue on: the request is queued and its events followed.

With ``SWITCHBOARD_REDIS_URL`` set (and ``SWITCHBOARD_RUN_QUEUE`` not ``in_process``) the
command does what an API process does for ``POST /threads/{id}/runs/stream``: it checks
the thread and records the run as ``queued`` under the thread's lock, puts it on the
queue, and prints the run's events from its Redis stream as the same progress lines
while a ``switchboard worker`` runs the graph. The outcome is read from the run's record.
Without Redis the command runs the graph itself, as before.

Ctrl-C cancels the run through the API's own cancel (``server.services.queued_runs``): a
run still queued is recorded cancelled at once, a running one is stopped by its worker.
The command waits a few seconds for the record to say so and leaves with exit 130; a
second Ctrl-C leaves at once.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import Any, NoReturn

from langgraph.graph.state import CompiledStateGraph

from adapters.run_events import open_run_events
from adapters.run_queue import RunJob, open_run_queue
from adapters.run_queue.arq_queue import ArqRunQueue
from adapters.services import Services
from adapters.thread_locks import thread_lock
from domain import queued_runs
from domain.models import RunRecord
from graphs.context import Context
from server.runtime import AppRuntime
from server.services.queued_runs import cancel_run, run_status
from server.services.run_owners import RunOwnerGoneError, still_running
from server.services.run_streams import ACTIVE, LogEndedError, follow
from switchboard.cli.errors import fail
from switchboard.cli.run_cmd import refuse_while_waiting
from switchboard.runs import Progress, RunOutcome

INTERRUPTED = 130
"""The exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells report it."""

CANCEL_WAIT_SECONDS = 5.0
"""How long Ctrl-C waits for the run's record to say the run ended (the API waits longer)."""


def run_on_queue(
    services: Services,
    graph: CompiledStateGraph[Any, Any, Any, Any],
    context: Context,
    text: str,
    *,
    thread_id: str,
    on_progress: Callable[[Progress], None] | None,
) -> RunOutcome:
    """Queue ``text`` on ``thread_id`` for a worker, follow it to its end; its outcome.

    Raises:
        ConflictError: the thread has a queued or running run, or waits for approvals.
        BudgetExceededError: the tenant's daily run budget is spent.
    """
    run_id = uuid.uuid4().hex
    ending: dict[str, Any] | None = None
    try:
        with thread_lock(services.engine, thread_id):
            refuse_while_waiting(graph, thread_id)
            with services.scope(
                context.tenant_id, actor=context.actor, caller=context.caller
            ) as scope:
                queued_runs.queue_run(
                    scope, run_id=run_id, thread_id=thread_id, kind="run", run_input={"text": text}
                )
        ending = asyncio.run(
            _submit_and_follow(services, graph, context, run_id, thread_id, text, on_progress)
        )
    except KeyboardInterrupt:  # the user wants the run stopped, not only this command
        if run_status(services, context, run_id) is None:
            fail("stopped before the request was queued; nothing was run", INTERRUPTED)
        cancel_on_interrupt(services, context, run_id)
    return _outcome(services, context, run_id, thread_id, ending)


def cancel_on_interrupt(services: Services, context: Context, run_id: str) -> NoReturn:
    """Cancel the run after Ctrl-C, wait a little for its record, say how it ended; exit 130.

    A second Ctrl-C stops the waiting (the cancel may then still be on its way).
    """
    try:
        status = asyncio.run(_cancel(services, context, run_id))
    except KeyboardInterrupt:
        fail(
            f"stopped waiting for run {run_id} to be cancelled; GET /runs/{run_id} shows "
            "whether it stopped",
            INTERRUPTED,
        )
    if status == "cancelled":
        fail(f"run {run_id} was cancelled", INTERRUPTED)
    if status in ACTIVE:
        fail(
            f"the cancel of run {run_id} was asked but it has not stopped yet; "
            f"GET /runs/{run_id} shows when it does",
            INTERRUPTED,
        )
    fail(f"run {run_id} had already ended ({status}) when the cancel came", INTERRUPTED)


async def _cancel(services: Services, context: Context, run_id: str) -> str | None:
    queue = open_run_queue(services.settings)
    assert queue is not None  # the run was queued on it
    try:
        return await cancel_run(services, queue, context, run_id, wait_seconds=CANCEL_WAIT_SECONDS)
    finally:
        await queue.aclose()


async def _submit_and_follow(
    services: Services,
    graph: CompiledStateGraph[Any, Any, Any, Any],
    context: Context,
    run_id: str,
    thread_id: str,
    text: str,
    on_progress: Callable[[Progress], None] | None,
) -> dict[str, Any] | None:
    """Queue the run and print its progress until it ends; its log's ``end`` event, if any."""
    settings = services.settings
    queue, events = open_run_queue(settings), open_run_events(settings)
    assert queue is not None  # the caller checked settings.queued_runs()
    runtime = AppRuntime(services=services, graph=graph, run_queue=queue, run_events=events)
    watch = _Watch(runtime, context, run_id, on_progress)
    ending: dict[str, Any] | None = None
    try:
        await queue.submit(RunJob(run_id, thread_id, asdict(context), "run", text))
        stream = follow(
            events, run_id, None, running=watch.running, idle=settings.stream_idle_check_seconds
        )
        try:
            async for _, event in stream:
                if event.get("event") == "end" and isinstance(event.get("data"), dict):
                    ending = event["data"]
                for progress in progress_of(event):
                    if on_progress is not None:
                        on_progress(progress)
        except LogEndedError:  # the record tells how it ended
            pass
        except RunOwnerGoneError as gone:  # recorded running by a process that died
            ending = {"status": "error", "error": str(gone)}
        except Exception as exc:  # the log cannot be read (Redis gone): the record still can
            watch.say(
                f"the run's events cannot be read ({type(exc).__name__}); waiting for its end"
            )
            await watch.until_ended(settings.stream_idle_check_seconds)
    finally:
        await queue.aclose()
        await events.aclose()
    return ending


class _Watch:
    """Whether the followed run still goes, as an API stream checks it, said to the user.

    The record alone said ``running`` for a run whose worker was killed until another
    worker's sweep noticed; with no other worker the command waited forever, silently.
    Here the worker's heartbeat is checked too (``run_owners.still_running``): a dead
    worker's run is put back on the queue at once, and the user is told, as when the run
    waits for a worker that is not there.
    """

    def __init__(
        self,
        runtime: AppRuntime,
        context: Context,
        run_id: str,
        on_progress: Callable[[Progress], None] | None,
    ) -> None:
        self.runtime, self.context, self.run_id = runtime, context, run_id
        self.on_progress = on_progress
        self.told_no_worker = False

    def say(self, detail: str) -> None:
        if self.on_progress is not None:
            self.on_progress(Progress(None, "queue", detail))

    async def read(self) -> RunRecord | None:
        return await asyncio.to_thread(_record, self.runtime.services, self.context, self.run_id)

    async def running(self) -> bool:
        before = await self.read()
        going = await still_running(self.runtime, self.read)
        after = await self.read()
        if after is None or after.status != "queued":
            return going
        if before is not None and before.status == "running" and before.worker_id:
            self.say(
                f"worker {before.worker_id} stopped during the run; it is queued again and "
                "goes on from its last checkpoint on the next worker"
            )
        queue = self.runtime.run_queue
        if isinstance(queue, ArqRunQueue) and not self.told_no_worker:
            self.told_no_worker = await queue.workers.count() == 0
            if self.told_no_worker:
                self.say(
                    "queued: no `switchboard worker` is running; the run starts when one "
                    "does (Ctrl-C cancels it)"
                )
        return going

    async def until_ended(self, every: float) -> None:
        """Wait until the run's record says it ended (its log cannot be read)."""
        while True:
            run = await self.read()
            if run is None or run.status not in ACTIVE:
                return
            await asyncio.sleep(every)


def _record(services: Services, context: Context, run_id: str) -> RunRecord | None:
    with services.scope(context.tenant_id, actor=context.actor) as scope:
        run = scope.session.get(RunRecord, run_id)
        if run is not None:
            scope.session.expunge(run)
        return run


def progress_of(event: dict[str, Any]) -> Iterator[Progress]:
    """The progress lines of one logged ``updates`` event (as a run in this process prints)."""
    if event.get("event") != "updates" or not isinstance(event.get("data"), dict):
        return
    data = event["data"]
    department, node = data.get("department"), str(data.get("node", ""))
    for name in data.get("tool_calls", []):
        yield Progress(department, node, f"calls {name}")
    for name in data.get("tool_results", []):
        yield Progress(department, node, f"{name} returned")
    if node == "route" and "agents" in data:
        yield Progress(None, node, f"routed to {', '.join(data['agents'])}")
    if isinstance(data.get("result"), dict):
        yield Progress(department, node, f"done: {data['result'].get('summary', '')[:100]}")


def _outcome(
    services: Services,
    context: Context,
    run_id: str,
    thread_id: str,
    ending: dict[str, Any] | None,
) -> RunOutcome:
    """The run's outcome from its record; from its log's ``end`` event when the record
    still says the run goes (its worker could not record the end: the database did not
    answer), so the command never reports a finished run as ``running``."""
    with services.scope(context.tenant_id, actor=context.actor) as scope:
        run = scope.session.get(RunRecord, run_id)
        assert run is not None  # recorded above
        output = run.output if isinstance(run.output, dict) else {}
        if run.status in ACTIVE and ending is not None:
            return RunOutcome(
                thread_id=thread_id,
                status=ending.get("status", "error"),
                agents=list(ending.get("agents") or []),
                answer=str(ending.get("answer") or ""),
                interrupts=list(output.get("interrupts") or []),
                error=ending.get("error"),
                run_id=run_id,
            )
        return RunOutcome(
            thread_id=thread_id,
            status=run.status,  # type: ignore[arg-type]
            agents=list(run.agents or []),
            answer=str(output.get("answer") or ""),
            interrupts=list(output.get("interrupts") or []),
            error=run.error,
            run_id=run_id,
        )
