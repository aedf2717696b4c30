"""An AG-UI run on a worker: ``SwitchboardAgent`` on the request, its events to the log.

The API process recorded the run as queued and streams its events from the run's log
(``server.services.queued_agui``); here the agent runs as it would in ``POST /agui``,
each AG-UI event goes to the log as it comes, and the run is recorded as the route
records it: RUN_ERROR is ``error``, the interrupt event ``interrupted``, else ``done``.

A later attempt (the first worker died, or a transient error stopped it) does not apply
the request again: when the last checkpoint is this run's own, the graph finishes its
remaining steps, and the agent answers as to a reopened thread (state, messages and any
waiting approval, then RUN_FINISHED; its RUN_STARTED is left out, the log has one).
What the first attempt's events left open (steps, text messages, tool calls) is closed
first, so a client that checks the event sequence (``@ag-ui/client`` does) accepts the
rest.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator
from contextlib import ExitStack
from typing import Any

from ag_ui.core import (
    BaseEvent,
    EventType,
    RunAgentInput,
    RunErrorEvent,
    StepFinishedEvent,
    TextMessageEndEvent,
    ToolCallEndEvent,
)
from langchain_core.callbacks import UsageMetadataCallbackHandler

from adapters.kill_points import pause_at
from adapters.run_events.writer import RunEventWriter
from adapters.run_usage import RunUsageHandler
from server.agui_agent import SwitchboardAgent
from server.routers.agui import INTERRUPT_EVENT
from server.services.queued_agui import as_log_record, from_log_record
from switchboard.worker.execution import (
    RUN_KEY,
    Execution,
    start_next_quietly,
)
from switchboard.worker.resume_execution import ResumeExecution

log = logging.getLogger("switchboard.worker")


LOG_SCAN_SECONDS = 0.5
"""How long a later attempt waits on its run's (open) log before taking it as read."""

_CLOSES: dict[EventType, tuple[EventType, str]] = {
    EventType.TOOL_CALL_START: (EventType.TOOL_CALL_END, "tool_call_id"),
    EventType.TEXT_MESSAGE_START: (EventType.TEXT_MESSAGE_END, "message_id"),
    EventType.STEP_STARTED: (EventType.STEP_FINISHED, "step_name"),
}
"""Events that open something, with the event that closes it and the key they share."""


def execution_for(kind: str) -> type[Execution]:
    """The execution of a queued job of ``kind`` (``agui`` or ``resume``)."""
    return AguiExecution if kind == "agui" else ResumeExecution


class AguiExecution(Execution):
    """A queued run of kind ``agui`` (``job.extra["input"]``: the ``RunAgentInput``)."""

    async def _drive(self, locks: ExitStack) -> str:
        runtime, job = self.state.runtime, self.job
        settings = runtime.services.settings
        usage = RunUsageHandler()
        writer = RunEventWriter(runtime.run_events, job.run_id)  # never waits on the log
        ending: dict[str, Any] = {"status": "error", "error": None, "output": None, "agents": []}
        error_sent = False

        async def attempt() -> None:
            nonlocal error_sent
            await asyncio.to_thread(pause_at, settings, "worker_run", job.thread_id)
            status, error = await self._stream(writer, usage)
            ending.update(status=status, error=error)
            error_sent = status == "error"  # the agent's own RUN_ERROR is in the log

        async def finish() -> None:
            await self._end(ending, usage, locks, writer, error_sent=error_sent)

        return await self._guarded(attempt(), ending, locks, finish)

    async def _stream(
        self, writer: RunEventWriter, usage: UsageMetadataCallbackHandler
    ) -> tuple[str, str | None]:
        """Run the agent, putting each event in the log; the status and error it ended with."""
        runtime, job = self.state.runtime, self.job
        input_data = RunAgentInput.model_validate(job.extra["input"])
        config: dict[str, Any] = {
            # Written into each checkpoint's metadata: a later attempt knows the run began.
            "configurable": {RUN_KEY: job.run_id},
            "callbacks": [usage],
        }
        began = await self._began()
        if began:
            log.info("run %s resumes from its last checkpoint (try %s)", job.run_id, self.job_try)
            for closing in await self._left_open():
                writer.put(as_log_record(closing))
            await self._finish_steps(config)
            input_data = input_data.model_copy(update={"resume": None, "forwarded_props": None})
        agent = SwitchboardAgent(graph=runtime.graph, context=self.context)
        agent.config = config
        status, error, interrupted = "done", None, False
        async with asyncio.timeout(runtime.services.settings.run_timeout_seconds):
            async for event in agent.run(input_data):
                if began and event.type == EventType.RUN_STARTED:
                    continue  # the log has the first attempt's
                if event.type == EventType.RUN_ERROR:
                    status, error = "error", str(getattr(event, "message", "") or "run failed")
                elif event.type == EventType.CUSTOM and event.name == INTERRUPT_EVENT:
                    interrupted = True
                writer.put(as_log_record(event))
        if status != "error":
            status = "interrupted" if interrupted else "done"
        return status, error

    async def _began(self) -> bool:
        """Whether an earlier attempt of this run wrote the thread's last checkpoint."""
        graph, job = self.state.runtime.graph, self.job
        snapshot = await graph.aget_state({"configurable": {"thread_id": job.thread_id}})
        return (snapshot.metadata or {}).get(RUN_KEY) == job.run_id

    async def _left_open(self) -> list[BaseEvent]:
        """Ends for the tool calls, text messages and steps the log has left open.

        The log is still open (no end marker), so it is read until it is quiet for
        ``LOG_SCAN_SECONDS``: the attempt that wrote it is gone.
        """
        opened: dict[EventType, dict[str, None]] = {kind: {} for kind in _CLOSES}
        events = self.state.runtime.run_events.read(self.job.run_id)
        try:
            while True:
                try:
                    async with asyncio.timeout(LOG_SCAN_SECONDS):
                        _, record = await anext(events)
                except (StopAsyncIteration, TimeoutError):
                    break
                event = from_log_record(record)
                if event is None:
                    continue
                for start, (end, key) in _CLOSES.items():
                    if event.type == start:
                        opened[start][getattr(event, key)] = None
                    elif event.type == end:
                        opened[start].pop(getattr(event, key), None)
        finally:
            if isinstance(events, AsyncGenerator):
                await events.aclose()
        return (
            [
                ToolCallEndEvent(type=EventType.TOOL_CALL_END, tool_call_id=call)
                for call in opened[EventType.TOOL_CALL_START]
            ]
            + [
                TextMessageEndEvent(type=EventType.TEXT_MESSAGE_END, message_id=message)
                for message in opened[EventType.TEXT_MESSAGE_START]
            ]
            + [
                StepFinishedEvent(type=EventType.STEP_FINISHED, step_name=step)
                for step in reversed(opened[EventType.STEP_STARTED])
            ]
        )

    async def _finish_steps(self, config: dict[str, Any]) -> None:
        """Run the steps the earlier attempt left due (none: nothing happens)."""
        graph, job = self.state.runtime.graph, self.job
        run_config: Any = {
            **config,
            "configurable": {**config["configurable"], "thread_id": job.thread_id},
        }
        async for _ in graph.astream(
            None, run_config, context=self.context, stream_mode="updates", durability="sync"
        ):
            pass

    async def _end(
        self,
        ending: dict[str, Any],
        usage: UsageMetadataCallbackHandler,
        locks: ExitStack,
        writer: RunEventWriter,
        *,
        error_sent: bool,
    ) -> None:
        """Record the ending; a failure the agent did not report gets its RUN_ERROR."""
        if not await self._record(ending, usage, locks):
            return  # taken over: the attempt that has the run ends its log
        if ending["status"] in ("error", "cancelled") and not error_sent:
            writer.put(as_log_record(_error_event(ending)))
        await asyncio.shield(writer.close())  # the end marker: readers' streams end
        await asyncio.shield(start_next_quietly(self.state, self.job.thread_id))


def _error_event(ending: dict[str, Any]) -> BaseEvent:
    return RunErrorEvent(type=EventType.RUN_ERROR, message=str(ending["error"] or "run failed"))
