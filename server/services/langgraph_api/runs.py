"""Runs of the server API: started, queued, followed, awaited and cancelled in this process.

Each run goes through ``server.services.background_runs`` like a console run: the
thread's lock (one active run per thread, across processes), recovery of what a dead
process left, a run record, ``durability="sync"`` and the caller's context from the
API key. What this module adds is the server API's run life: a run is announced at
once (``pending`` while queued), its events go to the run's log
(``runtime.run_events``) for the clients that follow it (``stream``, ``join``, from any
API process sharing the log, resuming after a ``Last-Event-ID``), and a second run on
a busy thread follows its ``multitask_strategy``:

- ``reject``: 409;
- ``enqueue``: waits for the runs before it on this thread, then starts;
- ``interrupt``: the running run is cancelled (recorded ``cancelled``), then this starts;
- ``rollback``: the same, and the cancelled run is deleted and this one starts from the
  checkpoint the cancelled one started from.

A resume (``command.resume``) is an approval decision in LangChain's HITL shape: it is
checked here (one decision per waiting action, of the allowed types) and recorded in
the approvals table by the graph's approval gate in the transaction that decides it,
through the policy (an edit is judged like a new action) and the outbox, as a
CopilotKit resume is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from langchain_core.messages import convert_to_messages
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.types import Command
from sqlalchemy import delete

from domain import runs
from domain.errors import ConflictError, InvalidArgumentError, NotFoundError
from domain.models import RunRecord
from graphs.context import Context
from nodes.approval import DECISIONS
from server.runtime import AppRuntime
from server.schemas.langgraph_api import RunCreate
from server.services import background_runs
from server.services.langgraph_api import shapes
from server.services.langgraph_api.serde import jsonable
from server.services.langgraph_api.streams import STREAM_MODES, StreamEvent, streaming

log = logging.getLogger("switchboard.server.langgraph_api")

BUSY = (
    "thread {thread_id} is already running a task; wait for it to finish or choose "
    "another multitask_strategy (enqueue, interrupt or rollback)"
)


@dataclass
class LiveRun:
    """A run this process queued or runs: how it is going (its events are in its log)."""

    run_id: str
    thread_id: str
    kwargs: dict[str, Any]
    strategy: str
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    status: str = "pending"
    error: dict[str, Any] | None = None
    """The data of the run's ``error`` event, if it failed."""
    finished: bool = False
    launched: bool = False
    base_checkpoint: str | None = None
    """The thread's checkpoint when the run started (None: the thread was empty)."""
    task: asyncio.Task[Any] | None = None
    queued: bool = False
    """On the run queue: a worker runs it, its record and log tell how it goes (it is
    on no process's board, and ``wait``/``finished`` do not apply)."""
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def publish(self, event: StreamEvent | None) -> None:
        """Note an event of the run (its log has it); None: the run has ended."""
        if event is None:
            self.finished = True
            self._changed.set()
        elif event[0] == "error":
            self.error = event[1]

    def ended(self, status: str) -> None:
        """Record how the run ended (the server API's status)."""
        self.status = status

    async def wait(self) -> None:
        """Return once the run has ended."""
        await self._changed.wait()

    def view(self) -> dict[str, Any]:
        """The run as the server API shows it while it is queued or running."""
        return shapes.run(
            None,
            run_id=self.run_id,
            thread_id=self.thread_id,
            status=self.status,
            kwargs=self.kwargs,
            multitask_strategy=self.strategy,
            created_at=self.created_at,
        )


def board(runtime: AppRuntime) -> dict[str, LiveRun]:
    """The runs this process queued or runs, by id."""
    return runtime.langgraph_runs


def live_on(runtime: AppRuntime, thread_id: str) -> list[LiveRun]:
    """The thread's queued and running runs, oldest first."""
    return [r for r in board(runtime).values() if r.thread_id == thread_id and not r.finished]


async def thread_busy(runtime: AppRuntime, thread_id: str) -> bool:
    """Whether the thread has a run queued or running here or (run queue) in any process."""
    if live_on(runtime, thread_id):
        return True
    if runtime.run_queue is None:
        return False
    from server.services.langgraph_api import queued

    return bool(await asyncio.to_thread(queued.busy_runs, runtime, thread_id))


def _decisions(resume: Any) -> list[dict[str, Any]]:
    """The HITL decisions of a resume, checked for shape (the gate checks the count)."""
    decisions = resume.get("decisions") if isinstance(resume, dict) else None
    if not isinstance(decisions, list) or not decisions:
        raise InvalidArgumentError(
            "command",
            "command.resume must be {'decisions': [...]}: one decision per action waiting "
            f"for approval, each with a type of {DECISIONS}",
        )
    for index, decision in enumerate(decisions):
        kind = decision.get("type") if isinstance(decision, dict) else None
        if kind not in DECISIONS:
            raise InvalidArgumentError(
                "command", f"decision {index} needs a type of {DECISIONS}, got {kind!r}"
            )
        if kind == "edit" and not isinstance(
            (decision.get("edited_action") or {}).get("args"), dict
        ):
            raise InvalidArgumentError(
                "command", f"decision {index} (edit) needs edited_action.args as an object"
            )
    return decisions


def _input(body: RunCreate) -> tuple[dict[str, Any] | Command[Any], str, dict[str, Any]]:
    """The graph input, the run's kind and what its record keeps as input."""
    kwargs = {"input": body.input, "command": body.command.model_dump() if body.command else None}
    if body.command is not None:
        decisions = _decisions(body.command.resume)
        run_input = {"decisions": decisions, "via": "langgraph-api", "kwargs": kwargs}
        return Command(resume=body.command.resume), "resume", run_input
    if not body.input or not body.input.get("messages"):
        raise InvalidArgumentError(
            "input", "input needs messages, e.g. {'messages': [{'role': 'user', 'content': ...}]}"
        )
    try:
        messages = convert_to_messages(body.input["messages"])
    except (ValueError, TypeError, NotImplementedError) as exc:
        raise InvalidArgumentError("input", f"input.messages cannot be read: {exc}") from None
    text = next((str(m.content) for m in reversed(messages) if m.type == "human"), "")
    run_input = {"text": text, "via": "langgraph-api", "kwargs": kwargs}
    return {**body.input, "messages": messages}, "run", run_input


async def _check_decisions(runtime: AppRuntime, thread_id: str, decisions: list[Any]) -> None:
    """One decision per waiting action (else 422; nothing waiting is the run's 409)."""
    snapshot = await runtime.graph.aget_state({"configurable": {"thread_id": thread_id}})
    for pending in snapshot.interrupts:
        value = pending.value
        if isinstance(value, dict) and isinstance(value.get("action_ids"), list):
            expected = len(value["action_ids"])
            if len(decisions) != expected:
                raise InvalidArgumentError(
                    "command",
                    f"thread {thread_id} waits for {expected} action(s) "
                    f"({', '.join(map(str, value['action_ids']))}); send one decision for "
                    f"each, in order, not {len(decisions)}",
                )


def _ensure_thread(runtime: AppRuntime, context: Context, thread_id: str, create: bool) -> None:
    with runtime.services.scope(
        context.tenant_id, actor=context.actor, caller=context.caller
    ) as scope:
        if create:
            runs.ensure_thread(scope, thread_id)
        else:
            runs.owned_thread(scope, thread_id)


async def submit(runtime: AppRuntime, context: Context, thread_id: str, body: RunCreate) -> LiveRun:
    """Start (or queue) a run on the caller's thread by its multitask strategy.

    Raises:
        NotFoundError: no such assistant, or the thread is not the caller's.
        ConflictError: the thread is busy (``reject``), or waits for approvals (new
            input), or waits for none (a resume).
        InvalidArgumentError: bad input, stream mode or resume.
    """
    if not shapes.is_assistant(body.assistant_id):
        raise NotFoundError("assistant", body.assistant_id, argument="assistant_id")
    modes = body.modes()
    unknown = [m for m in modes if m not in STREAM_MODES]
    if unknown:
        raise InvalidArgumentError("stream_mode", f"unknown stream modes {unknown}")
    graph_input, kind, run_input = _input(body)
    await asyncio.to_thread(
        _ensure_thread, runtime, context, thread_id, body.if_not_exists == "create"
    )
    if kind == "resume":
        await _check_decisions(runtime, thread_id, run_input["decisions"])
    strategy = body.multitask_strategy or "enqueue"
    run_input["multitask_strategy"] = strategy
    live = LiveRun(
        run_id=str(uuid.uuid4()),
        thread_id=thread_id,
        kwargs={**run_input["kwargs"], "stream_mode": modes, "subgraphs": body.stream_subgraphs},
        strategy=strategy,
    )
    run_input["kwargs"] = live.kwargs
    if runtime.run_queue is not None:
        from server.services.langgraph_api import queued

        live.queued = True
        await queued.submit(
            runtime,
            context,
            run_id=live.run_id,
            thread_id=thread_id,
            body=body,
            kind=kind,
            run_input=run_input,
            busy_message=BUSY.format(thread_id=thread_id),
        )
        return live  # "pending": the server API's name for queued and waiting runs
    launch = _Launch(runtime, context, live, graph_input, kind, run_input, body)
    busy = live_on(runtime, thread_id)
    if busy and strategy == "reject":
        raise ConflictError(BUSY.format(thread_id=thread_id))
    if busy and strategy == "enqueue":
        board(runtime)[live.run_id] = live
        live.task = asyncio.create_task(launch.after(busy), name=f"langgraph-queued-{live.run_id}")
        return live
    from_checkpoint = body.from_checkpoint()
    if busy:  # interrupt or rollback
        for run in busy:
            await cancel(runtime, context, run, rollback=strategy == "rollback")
        started = [run for run in busy if run.launched]
        if strategy == "rollback" and started:  # back to where the running one began
            from_checkpoint = started[0].base_checkpoint or ""
    board(runtime)[live.run_id] = live
    try:
        await launch(from_checkpoint)
    except BaseException:
        # Runs enqueued behind this one meanwhile wait for it to end: it has (refused).
        live.publish(None)
        board(runtime).pop(live.run_id, None)
        raise
    return live


@dataclass
class _Launch:
    runtime: AppRuntime
    context: Context
    live: LiveRun
    graph_input: dict[str, Any] | Command[Any]
    kind: str
    run_input: dict[str, Any]
    body: RunCreate

    async def __call__(self, from_checkpoint: str | None) -> None:
        """Start the run now; ``from_checkpoint`` "" means from an empty thread."""
        runtime, live = self.runtime, self.live
        config = {"configurable": {"thread_id": live.thread_id}}
        snapshot = await runtime.graph.aget_state(config)  # type: ignore[arg-type]
        live.base_checkpoint = (snapshot.config or {}).get("configurable", {}).get("checkpoint_id")
        live.launched = True
        saver = runtime.graph.checkpointer

        async def empty_thread() -> None:  # a rollback to before the thread's first run
            if isinstance(saver, BaseCheckpointSaver):
                await saver.adelete_thread(live.thread_id)

        stream = streaming(live.kwargs["stream_mode"], self.body.stream_subgraphs)
        ending = stream.ending

        def ended(run_id: str, outcome: dict[str, Any]) -> list[StreamEvent]:
            live.ended(shapes.RUN_STATUS.get(outcome.get("status", "error"), "error"))
            return list(ending(run_id, outcome))

        def sink(event: Any) -> None:
            live.publish(event)
            if event is None:
                board(runtime).pop(live.run_id, None)

        handle = await background_runs.start(
            runtime,
            self.context,
            thread_id=live.thread_id,
            graph_input=self.graph_input,
            kind=self.kind,
            run_input=self.run_input,
            sink=sink,
            streaming=background_runs.Streaming(
                source=stream.source, events=stream.events, ending=ended, first=stream.first
            ),
            run_id=live.run_id,
            configurable={"checkpoint_id": from_checkpoint} if from_checkpoint else None,
            prepare=empty_thread if from_checkpoint == "" else None,
        )
        live.status = "running"
        live.task = handle.task

    async def after(self, earlier: list[LiveRun]) -> None:
        """Wait for the runs queued before this one, then start it (or fail it)."""
        for run in earlier:
            await run.wait()
        try:
            await self(self.body.from_checkpoint())
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the queued run fails with the reason; nothing else does
            error = ("error", {"error": type(exc).__name__, "message": str(exc)})
            self.live.publish(error)
            self.live.ended("error")
            await _end_log(self.runtime, self.live.run_id, error)
            self.live.publish(None)
            board(self.runtime).pop(self.live.run_id, None)


async def _end_log(runtime: AppRuntime, run_id: str, *events: StreamEvent) -> None:
    """Write the last events of a run that never started, and close its log."""
    try:
        for event in events:
            await runtime.run_events.append(run_id, background_runs.as_record(event))
        await runtime.run_events.close(run_id)
    except Exception:  # its followers end when they find the run ended
        log.exception("run %s: its event log cannot be closed", run_id)


async def cancel(
    runtime: AppRuntime, context: Context, live: LiveRun, *, rollback: bool = False
) -> None:
    """Stop a queued or running run; ``rollback`` also deletes its record."""
    if live.queued:
        from server.services.langgraph_api import queued

        await queued.cancel(runtime, context, live.thread_id, live.run_id, rollback=rollback)
        return
    task = live.task
    if live.status == "pending" and task is not None and not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        live.ended("interrupted")
        await _end_log(runtime, live.run_id)
        live.publish(None)
        board(runtime).pop(live.run_id, None)
        return
    if not await background_runs.cancel(runtime, live.run_id):
        return  # it ended meanwhile
    await live.wait()
    if rollback:
        await asyncio.to_thread(_delete_record, runtime, context, live.run_id)


def _delete_record(runtime: AppRuntime, context: Context, run_id: str) -> None:
    with runtime.services.scope(
        context.tenant_id, actor=context.actor, caller=context.caller
    ) as scope:
        scope.session.execute(
            delete(RunRecord).where(
                RunRecord.id == run_id, RunRecord.tenant_id == context.tenant_id
            )
        )


async def final_values(
    runtime: AppRuntime,
    live: LiveRun | None,
    thread_id: str,
    error: dict[str, Any] | None = None,
) -> Any:
    """What ``wait`` and ``join`` answer: the thread's values, its interrupts, or the error.

    ``error``: how a run followed through its record failed (one of another process).
    """
    if live is not None and live.error is not None:
        return {"__error__": live.error}
    if error is not None:
        return {"__error__": error}
    snapshot = await runtime.graph.aget_state({"configurable": {"thread_id": thread_id}})
    values = jsonable(snapshot.values) if snapshot.values else {}
    if snapshot.interrupts:
        values["__interrupt__"] = [jsonable(i) for i in snapshot.interrupts]
    return values
