"""``switchboard run TEXT``: one request through the supervisor, streamed as it goes.

With the run queue on (``SWITCHBOARD_REDIS_URL``) a worker runs it and this command
follows its events (``switchboard.cli.queued_run``).
"""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any

import typer
from langchain_core.messages import HumanMessage
from rich.console import Console

from adapters.thread_locks import thread_lock
from domain.budgets import BudgetExceededError
from domain.errors import ConflictError, NotFoundError
from switchboard.cli.context import fail
from switchboard.cli.graph_session import supervisor_session
from switchboard.recovery import recover_thread
from switchboard.runs import Progress, RunOutcome, recorded_execute

console = Console(stderr=True)


def run(
    text: Annotated[str, typer.Argument(help="The request, in plain words.")],
    thread: Annotated[
        str | None, typer.Option("--thread", help="Continue this thread (default: a new one).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one final JSON object.")] = False,
) -> None:
    """Run a request through the supervisor and its department agents."""
    if not text.strip():
        fail('the request is empty; say what you need, e.g. `switchboard run "daily insights"`', 2)
    outcome = run_request(text, thread_id=thread or uuid.uuid4().hex, quiet=as_json)
    print_outcome(outcome, as_json=as_json)


def run_request(text: str, *, thread_id: str, quiet: bool) -> RunOutcome:
    """Build the graph on the configured database and checkpointer and run ``text``."""
    with supervisor_session() as (services, graph, context):
        try:
            if services.settings.queued_runs():  # a `switchboard worker` runs it
                from switchboard.cli.queued_run import run_on_queue

                return run_on_queue(
                    services,
                    graph,
                    context,
                    text,
                    thread_id=thread_id,
                    on_progress=None if quiet else show_progress,
                )
            with thread_lock(services.engine, thread_id):
                # A dead process's approved actions are finished before the new request.
                recover_thread(
                    services,
                    graph,
                    thread_id,
                    tenant_id=context.tenant_id,
                    on_progress=None if quiet else show_progress,
                )
                refuse_while_waiting(graph, thread_id)
                return recorded_execute(
                    services,
                    graph,
                    {"messages": [HumanMessage(text)]},
                    thread_id=thread_id,
                    context=context,
                    kind="run",
                    run_input={"text": text},
                    on_progress=None if quiet else show_progress,
                )
        except (ConflictError, NotFoundError) as exc:
            fail(str(exc), 3 if isinstance(exc, ConflictError) else 1)
        except BudgetExceededError as exc:  # the tenant's daily run budget is spent
            fail(str(exc), 4)


def refuse_while_waiting(graph: Any, thread_id: str) -> None:
    """A new request on a thread that waits for a decision would drop the waiting actions.

    LangGraph starts over from new input and discards the pending interrupt, so the
    approvals would wait forever for a run that no longer asks; the REST API refuses the
    same way (409).

    Raises:
        ConflictError: the thread waits for approval of its actions.
    """
    state = graph.get_state({"configurable": {"thread_id": thread_id}})
    if state.interrupts:
        raise ConflictError(
            f"thread {thread_id} is waiting for approval of its actions; decide them with "
            f"`switchboard resume {thread_id} --decision ...` before sending a new request"
        )


def show_progress(progress: Progress) -> None:
    """One dim line per step on stderr, so stdout stays the answer."""
    where = f"[bold]{progress.department}[/bold] " if progress.department else ""
    console.print(f"{where}[dim]{progress.node}[/dim] {progress.detail}", highlight=False)


def print_outcome(outcome: RunOutcome, *, as_json: bool) -> None:
    """The final JSON, or the answer followed by anything awaiting approval."""
    if as_json:
        typer.echo(json.dumps(outcome.as_json(), default=str))
    else:
        if outcome.status == "error":
            fail(f"run failed: {outcome.error}")
        typer.echo(outcome.answer)
        for interrupt in outcome.interrupts:
            typer.echo(f"\nAwaiting approval: {json.dumps(interrupt, default=str)}")
        typer.echo(f"\nthread: {outcome.thread_id}  status: {outcome.status}")
    if outcome.status == "error":
        raise typer.Exit(1)
