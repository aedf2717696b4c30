"""The ``ag_ui_langgraph`` agent, with the run's context and durability set by the server.

The library builds the graph's ``context`` from request config; here it always comes
from the API key (tenant and actor), never from what the client sends, and every run
checkpoints synchronously so an approved action cannot be re-proposed after a crash.
RAW events are off: they carry the system prompt and multiply the bytes on the wire.

Reopening a thread: a request that carries no resume and no message the thread has not
seen is a client (re)loading the thread, e.g. after a page reload or a server restart.
The library would run the graph again on the stored messages (repeating the work) or,
for a thread waiting for approval, send the interrupt without the history. Here it
gets the thread's state and messages as snapshots, then the pending approval (the
library's own ``on_interrupt`` event), and nothing runs.

Only the answer speaks to the client. Events from inside a department (its agent's
model tokens and tool calls, drafts, playbook steps: namespaces nested below a
supervisor node) are dropped before the library turns them into AG-UI events.
Departments run in parallel and the library tracks one streaming message at a time, so
their interleaved tokens became TEXT_MESSAGE_CONTENT for a message the client had not
been told about. One exception: when the plan has a single step, that department's
summary *is* the answer (``synthesize`` passes it through), so the model call writing
it (tagged ``ANSWER_TAG``) streams. Departments still show as steps.

State snapshots carry what the client renders (``server.agui_state``: plan progress,
waiting approvals, action outcomes, the answer), not the whole supervisor state, and
one equal to the last is not sent again.

The thread's state is loaded as few times as the events need (``_RunGraph``): the
snapshot the endpoint read under the thread's lock to tell a run from a resume or a
reopen is the library's starting state, the state read when the stream has ended
serves both the final checks and the final snapshots, and no snapshot is loaded while
the graph runs. The library sends STATE_SNAPSHOT and MESSAGES_SNAPSHOT mid-run when
the stream enters a department (a declared subgraph); the department's messages never
reach the supervisor's channel, so that MESSAGES_SNAPSHOT repeated the messages the
client had sent, and the STATE_SNAPSHOT equalled the last node exit's. Each was a
state load from the checkpointer (five a run, now one here and one at the end).

Interrupts end the run with the library's ``on_interrupt`` custom event and a plain
RUN_FINISHED. Its structured outcome on RUN_FINISHED (``emit_interrupt_outcome``) stays
off: react-core 1.74's ``useInterrupt`` (behind ``useLangGraphInterrupt``) prefers that
outcome when present and switches to the ``resume[]`` path, while the legacy event keeps
it on ``forwardedProps.command`` with the run's id, the path the CopilotKit test drives.
Both resume forms are accepted here.
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import AsyncIterator, Mapping
from typing import Any, cast

from ag_ui.core import EventType, RunAgentInput, RunFinishedEvent, RunStartedEvent
from ag_ui_langgraph import LangGraphAgent
from langchain_core.messages import BaseMessage, HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import StateSnapshot

from adapters.serving_loop import serving_loop
from graphs.context import Context
from nodes.writing import ANSWER_TAG
from server.agui_state import ui_state

_SCHEMA_KEYS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


class _RunGraph:
    """The compiled graph as one AG-UI run sees it: a thread state loaded is used again.

    Everything but ``aget_state`` is the graph's. ``aget_state`` of the thread's latest
    checkpoint returns the snapshot ``keep`` was given, once, instead of loading it
    again; ``keep_next`` keeps the next one loaded for the call after it. Only the
    agent calls these, at points where nothing can have written a checkpoint between
    the two reads (the thread's lock is held by this run).
    """

    def __init__(self, graph: CompiledStateGraph[Any, Any, Any, Any]) -> None:
        self.graph = graph
        self._kept: StateSnapshot | None = None
        self._keep_next = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.graph, name)

    def keep(self, state: StateSnapshot | None) -> None:
        """The next ``aget_state`` of the latest checkpoint returns ``state``."""
        self._kept = state

    def keep_next(self) -> None:
        """The next ``aget_state`` loads, and the one after it returns the same snapshot."""
        self._keep_next = True

    async def aget_state(self, config: RunnableConfig, *, subgraphs: bool = False) -> Any:
        latest = not subgraphs and "checkpoint_id" not in (config.get("configurable") or {})
        kept, self._kept = self._kept, None
        if kept is not None and latest:
            return kept
        state = await self.graph.aget_state(config, subgraphs=subgraphs)
        if self._keep_next and latest:
            self._kept, self._keep_next = state, False
        return state


class SwitchboardAgent(LangGraphAgent):
    """A per-request AG-UI agent bound to one tenant's context.

    ``state`` is the thread's snapshot when the caller has just read it under the
    thread's lock (the endpoint does); the run then starts from it without a second read.
    """

    def __init__(
        self,
        *,
        graph: CompiledStateGraph[Any, Any, Any, Any],
        context: Context,
        emit_raw_events: bool = False,
        state: StateSnapshot | None = None,
    ) -> None:
        run_graph = _RunGraph(graph)
        run_graph.keep(state)
        super().__init__(
            name="switchboard",
            graph=cast(CompiledStateGraph[Any, Any, Any, Any], run_graph),
            description="Switchboard: sales, marketing, operations, support, analytics and "
            "research agents with human approval of risky actions.",
            emit_raw_events=emit_raw_events,
        )
        self.run_context = context
        self.run_graph = run_graph
        self.streaming = False
        """The graph is running: no snapshot is loaded until it has stopped."""

    def get_schema_keys(self, config: RunnableConfig) -> Any:
        """The graph's schema keys, computed once per compiled graph.

        The library derives them from the graph's JSON schemas on every request, ~30 ms
        of CPU on the event loop; they cannot change while the graph lives.
        """
        graph = self.run_graph.graph
        keys = _SCHEMA_KEYS.get(graph)
        if keys is None:
            keys = _SCHEMA_KEYS[graph] = super().get_schema_keys(config)
        return copy.deepcopy(keys)

    async def get_state_and_messages_snapshots(self, config: RunnableConfig) -> AsyncIterator[Any]:
        """The library's snapshots, except while the graph runs (see the module docstring)."""
        if self.streaming:
            return
        async for event in super().get_state_and_messages_snapshots(config):
            yield event

    def get_state_snapshot(self, state: Any) -> Any:
        """What the client renders, not the whole supervisor state (``server.agui_state``)."""
        return ui_state(state)

    async def run(self, input: RunAgentInput) -> AsyncIterator[Any]:
        """The library's events, without a STATE_SNAPSHOT equal to the one before it.

        The compact view changes at a few steps only (plan, each department's result,
        the review, the answer); every other node exit would resend it unchanged.
        """
        last: Any = None
        with serving_loop():
            async for event in super().run(input):
                if getattr(event, "type", None) == EventType.STATE_SNAPSHOT:
                    if event.snapshot == last:
                        continue
                    last = event.snapshot
                yield event

    def get_stream_kwargs(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        stream_kwargs = super().get_stream_kwargs(*args, **kwargs)
        stream_kwargs["context"] = self.run_context
        stream_kwargs["durability"] = "sync"
        return stream_kwargs

    async def prepare_stream(
        self, input: RunAgentInput, agent_state: StateSnapshot, config: RunnableConfig
    ) -> dict[str, Any]:
        """Answer a reopened thread with its snapshots and pending approval; else run."""
        if not is_reopen(input, agent_state.values or {}):
            prepared: dict[str, Any] = await super().prepare_stream(input, agent_state, config)
            if prepared.get("stream") is not None:
                prepared["stream"] = self._running(supervisor_events(prepared["stream"]))
            return prepared
        return {
            "stream": None,
            "state": None,
            "config": None,
            "events_to_dispatch": await self._reopen_events(input, agent_state, config),
        }

    async def _running(self, stream: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """``stream``, with ``streaming`` set while it runs; the state read after it is kept.

        The library reads the thread's state once the stream has ended (interrupts, the
        last node), then again for the final snapshots: the second read is the first's.
        """
        self.streaming = True
        try:
            async for event in stream:
                yield event
        finally:
            self.streaming = False
        self.run_graph.keep_next()

    async def _reopen_events(
        self, input: RunAgentInput, agent_state: StateSnapshot, config: RunnableConfig
    ) -> list[Any]:
        assert self.active_run is not None  # set by the library before prepare_stream
        run_id = self.active_run["id"]
        self.active_run["schema_keys"] = self.get_schema_keys(config)
        events: list[Any] = [
            RunStartedEvent(type=EventType.RUN_STARTED, thread_id=input.thread_id, run_id=run_id)
        ]
        self.run_graph.keep(agent_state)  # nothing ran since it was read
        if agent_state.values:
            events += [e async for e in self.get_state_and_messages_snapshots(config) if e]
        interrupts = self._collect_interrupts(agent_state.tasks)
        if interrupts:
            events += self._emit_interrupt_finish(
                thread_id=input.thread_id, run_id=run_id, lg_interrupts=interrupts
            )
        else:
            events.append(
                RunFinishedEvent(
                    type=EventType.RUN_FINISHED, thread_id=input.thread_id, run_id=run_id
                )
            )
        return events


async def supervisor_events(stream: AsyncIterator[Any]) -> AsyncIterator[Any]:
    """The graph's ``astream_events`` without the events from inside departments.

    A supervisor node's events carry ``langgraph_checkpoint_ns`` ``node:task``; anything
    a subgraph runs is nested below it (``node:task|inner:task``). Nested events pass
    only when they are errors, or the answer being written for a one-step plan.
    """
    single_step = False
    async for event in stream:
        metadata = event.get("metadata") or {}
        if "|" not in (metadata.get("langgraph_checkpoint_ns") or ""):
            plan = _planned(event)
            if plan is not None:
                single_step = len(plan) == 1
            yield event
        elif event.get("event") == "error" or (
            single_step and ANSWER_TAG in (event.get("tags") or ())
        ):
            yield event


def _planned(event: Mapping[str, Any]) -> list[Any] | None:
    """The plan, when ``event`` is the supervisor's ``plan`` node returning it."""
    if event.get("event") != "on_chain_end":
        return None
    if (event.get("metadata") or {}).get("langgraph_node") != "plan":
        return None
    output = (event.get("data") or {}).get("output")
    plan = output.get("plan") if isinstance(output, Mapping) else None
    return plan if isinstance(plan, list) else None


def has_resume(input_data: RunAgentInput) -> bool:
    """The request answers an interrupt (``resume[]`` or ``forwardedProps.command.resume``)."""
    if input_data.resume:
        return True
    props = input_data.forwarded_props
    command = props.get("command") if isinstance(props, Mapping) else None
    return isinstance(command, Mapping) and command.get("resume") is not None


def resume_decisions(input_data: RunAgentInput) -> list[Any]:
    """The HITL decisions a resume carries (``{"decisions": [...]}`` payloads), in order.

    Recorded with the run so ``POST /errors/{id}/retry`` can resume a failed one again.
    """
    if input_data.resume:
        payloads = [entry.payload for entry in input_data.resume]
    else:
        props = input_data.forwarded_props
        command = props.get("command") if isinstance(props, Mapping) else None
        payloads = [command.get("resume")] if isinstance(command, Mapping) else []
    decisions: list[Any] = []
    for payload in payloads:
        if isinstance(payload, Mapping) and isinstance(payload.get("decisions"), list):
            decisions += payload["decisions"]
    return decisions


def is_reopen(input_data: RunAgentInput, values: Mapping[str, Any]) -> bool:
    """No resume and no message the thread's checkpoint does not already hold.

    A user message whose text differs from the stored one under the same id is an
    edit (the library regenerates from it), so it is not a reopen.
    """
    if has_resume(input_data):
        return False
    stored: dict[str, BaseMessage] = {
        str(m.id): m for m in values.get("messages", []) if getattr(m, "id", None)
    }
    for message in input_data.messages or []:
        known = stored.get(message.id)
        if known is None:
            return False
        if isinstance(known, HumanMessage) and known.content != getattr(message, "content", None):
            return False
    return True
