"""A run's graph stream in the server API's stream modes, as ``(event, data)`` pairs.

Modes: ``values``, ``updates``, ``custom``, ``debug``, ``tasks``, ``checkpoints`` pass
the graph's chunks as they are; ``messages-tuple`` sends ``[message, metadata]``;
``messages`` sends ``messages/metadata`` once per message, then the message so far as
``messages/partial`` (chunks) or ``messages/complete``; ``events`` sends the graph's
``astream_events`` (v2). With subgraphs, a chunk from a nested graph is named
``mode|namespace``. Every run starts with ``metadata`` (``{run_id, attempt}``); a
failed one ends with ``error`` (``{error, message}``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from langchain_core.messages import BaseMessage, BaseMessageChunk, message_chunk_to_message
from langchain_core.runnables import RunnableConfig
from langgraph.types import Command

from graphs.context import Context
from server.runtime import AppRuntime
from server.services.background_runs import Streaming
from server.services.langgraph_api.serde import jsonable

StreamEvent = tuple[str, Any]
PASS_THROUGH = frozenset({"values", "updates", "custom", "debug", "tasks", "checkpoints"})
STREAM_MODES = PASS_THROUGH | {"messages", "messages-tuple", "events"}


@dataclass
class ModeStream:
    """Turns one run's graph chunks into the requested modes' events."""

    modes: frozenset[str]
    subgraphs: bool
    _messages: dict[str, BaseMessage] = field(default_factory=dict)

    def graph_modes(self) -> list[str]:
        """The ``stream_mode`` list handed to the graph."""
        wanted = {"messages" if m == "messages-tuple" else m for m in self.modes} - {"events"}
        return sorted(wanted) or ["values"]

    async def source(
        self,
        runtime: AppRuntime,
        graph_input: dict[str, Any] | Command[Any],
        config: dict[str, Any],
        context: Context,
    ) -> AsyncIterator[Any]:
        """The graph's raw stream: ``astream`` chunks, or ``astream_events`` events."""
        kwargs: dict[str, Any] = {
            "context": context,
            "stream_mode": self.graph_modes(),
            "subgraphs": self.subgraphs,
            "durability": "sync",
        }
        runnable = cast(RunnableConfig, config)
        if "events" not in self.modes:
            async for chunk in runtime.graph.astream(graph_input, runnable, **kwargs):
                yield ("chunk", chunk)
            return
        root = str(config.get("run_id", ""))
        async for event in runtime.graph.astream_events(
            graph_input, runnable, version="v2", **kwargs
        ):
            if event["event"] == "on_chain_stream" and event["run_id"] == root:
                yield ("chunk", event["data"]["chunk"])
            else:
                yield ("event", event)

    def events(self, item: Any) -> Iterable[StreamEvent]:
        """The events for one item of ``source``."""
        kind, payload = item
        if kind == "event":
            tags = payload.get("tags") or ()
            return [] if "langsmith:hidden" in tags else [("events", jsonable(payload))]
        if self.subgraphs:
            namespace, mode, chunk = payload
        else:
            (mode, chunk), namespace = payload, ()
        suffix = "".join(f"|{part}" for part in namespace)
        if mode == "messages":
            return self._message_events(chunk, suffix)
        if mode in self.modes:
            return [(mode + suffix, jsonable(chunk))]
        return []

    def _message_events(self, chunk: Any, suffix: str) -> list[StreamEvent]:
        message, metadata = chunk
        if "messages-tuple" in self.modes:
            return [("messages" + suffix, jsonable([message, metadata]))]
        if "messages" not in self.modes:
            return []
        events: list[StreamEvent] = []
        key = str(message.id)
        known = self._messages.get(key)
        if known is None:
            self._messages[key] = message
            events.append(("messages/metadata", {key: {"metadata": jsonable(metadata)}}))
        elif isinstance(known, BaseMessageChunk) and isinstance(message, BaseMessageChunk):
            self._messages[key] = known + message
        else:
            self._messages[key] = message
        so_far = self._messages[key]
        if isinstance(message, BaseMessageChunk):
            return [*events, ("messages/partial", jsonable([so_far]))]
        complete = (
            message_chunk_to_message(so_far) if isinstance(so_far, BaseMessageChunk) else so_far
        )
        return [*events, ("messages/complete", jsonable([complete]))]


def ending_events(run_id: str, ending: dict[str, Any]) -> list[StreamEvent]:
    """``error`` for a failed run; nothing otherwise (the stream just ends)."""
    if ending.get("status") != "error":
        return []
    message = str(ending.get("error") or "the run failed")
    kind, _, text = message.partition(": ")
    return [("error", {"error": kind if text else "Error", "message": text or message})]


def streaming(modes: Iterable[str], subgraphs: bool) -> Streaming:
    """A ``background_runs.Streaming`` for these modes."""
    stream = ModeStream(frozenset(modes), subgraphs)
    return Streaming(
        source=stream.source,
        events=stream.events,
        ending=ending_events,
        first=lambda run_id, _thread_id: [("metadata", {"run_id": run_id, "attempt": 1})],
    )
