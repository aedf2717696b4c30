"""AG-UI runs executed by queue workers (``SWITCHBOARD_REDIS_URL`` set).

The API process checks the request (ownership 404, busy thread 409, used run id 409),
records the run as ``queued`` and puts a job of kind ``agui`` on the queue with the
``RunAgentInput`` as JSON; a worker runs ``SwitchboardAgent`` on it
(``switchboard.worker.agui_execution``) and appends each AG-UI event to the run's
event log. The response follows that log, so any API process can serve any run.

A client that disconnects does not stop the run: the worker carries it to its end and
records it, as a REST run. The client can rejoin by sending the same request again with
``Last-Event-ID`` (the ``id:`` of the last event it received): it gets the rest of the
run's events. A reopen (no new message, no resume) runs nothing and stays in the API
process.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import ExitStack
from dataclasses import asdict
from typing import Any

from ag_ui.core import BaseEvent, Event, EventType, RunErrorEvent, RunFinishedEvent
from ag_ui.core.types import RunAgentInput
from ag_ui.encoder import EventEncoder
from pydantic import TypeAdapter
from sqlalchemy import select

from adapters.run_queue import RunJob
from adapters.thread_locks import claim_in_transaction, thread_lock
from domain import queued_runs, runs
from domain.models import RunRecord
from graphs.context import Context
from server.agui_agent import resume_decisions
from server.runtime import AppRuntime
from server.services.next_runs import job_input
from server.services.run_owners import RunOwnerGoneError, still_running
from server.services.run_streams import LogEndedError, follow_batches

log = logging.getLogger("switchboard.server.agui")

AGUI_EVENT = "agui"
"""The name an AG-UI event is stored under in a run's event log."""

JOB_KIND = "agui"
"""The queued job's kind (the run's record keeps ``run`` or ``resume``)."""

REJOIN_LOOKBACK = 20
"""How many of a thread's latest runs a rejoin looks through for the client's run id."""

_EVENTS: TypeAdapter[Any] = TypeAdapter(Event)


def as_log_record(event: BaseEvent) -> dict[str, Any]:
    """An AG-UI event as the run's event log stores it."""
    return {"event": AGUI_EVENT, "data": event.model_dump(mode="json", by_alias=True)}


def from_log_record(record: dict[str, Any]) -> BaseEvent | None:
    """The AG-UI event a log record holds (None for a record of another kind)."""
    if record.get("event") != AGUI_EVENT:
        return None
    event: BaseEvent = _EVENTS.validate_python(record["data"])
    return event


def run_input_of(input_data: RunAgentInput, kind: str) -> dict[str, Any]:
    """What the run's record keeps of the request (the errors screen's retry reads it)."""
    if kind == "resume":
        return {"decisions": resume_decisions(input_data), "via": "ag-ui"}
    text = next(
        (
            str(m.content)
            for m in reversed(input_data.messages or [])
            if getattr(m, "role", "") == "user"
        ),
        "",
    )
    return {"text": text, "via": "ag-ui"}


def agui_extra(input_data: RunAgentInput) -> dict[str, Any]:
    """The queued job's ``extra``: the whole AG-UI input the worker runs."""
    return {"input": input_data.model_dump(mode="json", by_alias=True)}


def record_start(
    runtime: AppRuntime,
    context: Context,
    input_data: RunAgentInput,
    kind: str,
    *,
    queued: bool,
) -> str:
    """Record the run (``running`` here, or ``queued`` for a worker); the id it is under.

    Raises:
        NotFoundError: the thread is another tenant's.
        ConflictError: the run id was used, or (queued) the thread has an active run.
    """
    run_input = run_input_of(input_data, kind)
    with runtime.services.scope(context.tenant_id, actor=context.actor) as scope:
        if queued and runtime.services.engine.dialect.name == "postgresql":
            claim_in_transaction(scope.session, input_data.thread_id)
        record_id = input_data.run_id
        if kind == "resume":
            record_id = runs.resume_record_id(
                scope, run_id=input_data.run_id, thread_id=input_data.thread_id
            )
            if record_id != input_data.run_id:
                run_input["client_run_id"] = input_data.run_id
        if queued:  # the job too, so a sweep can queue it again as an AG-UI run
            extra = agui_extra(input_data)
            run_input.update(job_input(asdict(context), extra, kind=JOB_KIND))
            queued_runs.queue_run(
                scope,
                run_id=record_id,
                thread_id=input_data.thread_id,
                kind=kind,
                run_input=run_input,
            )
        else:
            runs.start_run(
                scope,
                run_id=record_id,
                thread_id=input_data.thread_id,
                kind=kind,
                run_input=run_input,
            )
    return record_id


async def submit(
    runtime: AppRuntime, context: Context, input_data: RunAgentInput, kind: str
) -> str:
    """Record the run as queued and queue it for a worker; the id it is recorded under."""
    assert runtime.run_queue is not None
    locks = ExitStack()
    if runtime.services.engine.dialect.name != "postgresql":  # Postgres: claim_in_transaction
        await asyncio.to_thread(
            locks.enter_context, thread_lock(runtime.services.engine, input_data.thread_id)
        )
    try:
        record_id = await asyncio.to_thread(
            record_start, runtime, context, input_data, kind, queued=True
        )
    finally:
        await asyncio.to_thread(locks.close)
    job = RunJob(
        record_id,
        input_data.thread_id,
        asdict(context),
        JOB_KIND,
        None,
        agui_extra(input_data),
    )
    try:
        await runtime.run_queue.submit(job)
    except Exception:  # recorded as queued: a worker's sweep queues it again
        log.exception("run %s: the queue did not take it; a worker's sweep will", record_id)
    return record_id


def rejoined_run(runtime: AppRuntime, context: Context, thread_id: str, run_id: str) -> str | None:
    """The id of this tenant's AG-UI run on ``thread_id`` the client sent as ``run_id``.

    A resume sent with the interrupted run's id is recorded under an id of its own
    (``domain.runs.resume_record_id``); the latest run sent with ``run_id`` is the one.
    """
    with runtime.services.scope(context.tenant_id, actor=context.actor) as scope:
        latest = scope.session.scalars(
            select(RunRecord)
            .where(RunRecord.thread_id == thread_id, RunRecord.tenant_id == context.tenant_id)
            .order_by(RunRecord.started_at.desc())
            .limit(REJOIN_LOOKBACK)
        )
        for run in latest:
            sent = run.input or {}
            if sent.get("via") == "ag-ui" and run_id in (run.id, sent.get("client_run_id")):
                return run.id
    return None


async def stream(
    runtime: AppRuntime,
    context: Context,
    record_id: str,
    input_data: RunAgentInput,
    encoder: EventEncoder,
    after: str | None = None,
) -> AsyncIterator[str]:
    """The run's AG-UI events from its log (after ``after``), each with its log id; ends.

    The events the log had ready at once are one chunk (``follow_batches``): one send.

    A run that ended without closing its log ends the stream with RUN_FINISHED or
    RUN_ERROR as its record says; a log that cannot be read, or a run whose process
    died (``server.services.run_owners``), with RUN_ERROR.
    """

    def record() -> RunRecord | None:
        with runtime.services.scope(context.tenant_id, actor=context.actor) as scope:
            return scope.session.get(RunRecord, record_id)

    async def read() -> RunRecord | None:
        return await asyncio.to_thread(record)

    async def running() -> bool:
        return await still_running(runtime, read)

    idle = runtime.services.settings.stream_idle_check_seconds
    try:
        try:
            async for batch in follow_batches(
                runtime.run_events, record_id, after, running=running, idle=idle
            ):  # the events the log had ready at once: one write
                chunk = "".join(
                    f"id: {event_id}\n{encoder.encode(event)}"
                    for event_id, logged in batch
                    if (event := from_log_record(logged)) is not None
                )
                if chunk:
                    yield chunk
        except LogEndedError:
            run = await asyncio.to_thread(record)
            yield encoder.encode(_ending(input_data, run))
        except RunOwnerGoneError as gone:  # its process died: no end will come
            yield encoder.encode(RunErrorEvent(type=EventType.RUN_ERROR, message=str(gone)))
    except Exception as exc:  # the stream ends with the reason, never hangs or breaks off
        log.exception("run %s: its AG-UI stream failed", record_id)
        yield encoder.encode(
            RunErrorEvent(
                type=EventType.RUN_ERROR,
                message=f"the run's events cannot be read ({type(exc).__name__}); "
                f"GET /runs/{record_id} tells how it ends",
            )
        )


def _ending(input_data: RunAgentInput, run: RunRecord | None) -> BaseEvent:
    if run is not None and run.status in ("done", "interrupted"):
        return RunFinishedEvent(
            type=EventType.RUN_FINISHED, thread_id=input_data.thread_id, run_id=input_data.run_id
        )
    error = run.error if run is not None else None
    return RunErrorEvent(type=EventType.RUN_ERROR, message=error or "the run did not finish")
