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
from adapters.services import Services
from adapters.thread_locks import thread_lock
from domain import queued_runs
from domain.models import RunRecord
from graphs.context import Context
from server.services.queued_runs import cancel_run, run_status
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
    try:
        with thread_lock(services.engine, thread_id):
            refuse_while_waiting(graph, thread_id)
            with services.scope(
                context.tenant_id, actor=context.actor, caller=context.caller
            ) as scope:
                queued_runs.queue_run(
                    scope, run_id=run_id, thread_id=thread_id, kind="run", run_input={"text": text}
                )
        asyncio.run(_submit_and_follow(services, context, run_id, thread_id, text, on_progress))
    except KeyboardInterrupt:  # the user wants the run stopped, not only this command
        if run_status(services, context, run_id) is None:
            fail("stopped before the request was queued; nothing was run", INTERRUPTED)
        cancel_on_interrupt(services, context, run_id)
    return _outcome(services, context, run_id, thread_id)


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
    context: Context,
    run_id: str,
    thread_id: str,
    text: str,
    on_progress: Callable[[Progress], None] | None,
) -> None:
    settings = services.settings
    queue, events = open_run_queue(settings), open_run_events(settings)
    assert queue is not None  # the caller checked settings.queued_runs()

    async def running() -> bool:
        return await asyncio.to_thread(run_status, services, context, run_id) in ACTIVE

    try:
        await queue.submit(RunJob(run_id, thread_id, asdict(context), "run", text))
        stream = follow(
            events, run_id, None, running=running, idle=settings.stream_idle_check_seconds
        )
        try:
            async for _, event in stream:
                for progress in progress_of(event):
                    if on_progress is not None:
                        on_progress(progress)
        except LogEndedError:  # the record tells how it ended
            pass
    finally:
        await queue.aclose()
        await events.aclose()


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


def _outcome(services: Services, context: Context, run_id: str, thread_id: str) -> RunOutcome:
    with services.scope(context.tenant_id, actor=context.actor) as scope:
        run = scope.session.get(RunRecord, run_id)
        assert run is not None  # recorded above
        output = run.output if isinstance(run.output, dict) else {}
        return RunOutcome(
            thread_id=thread_id,
            status=run.status,  # type: ignore[arg-type]
            agents=list(run.agents or []),
            answer=str(output.get("answer") or ""),
            interrupts=list(output.get("interrupts") or []),
            error=run.error,
            run_id=run_id,
        )
