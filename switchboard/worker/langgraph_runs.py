"""A LangGraph server API run on a worker: the request's stream modes, input and fork.

The API process puts what the run needs in its job's ``extra``
(``server.services.langgraph_api.queued``): ``stream_mode`` and ``subgraphs`` (the
worker streams the same events an in-process run does, so an SDK client following the
run's log from any API process sees the same shapes), the graph ``input`` or the
``resume`` of a HITL decision, and for ``rollback`` the ``checkpoint_id`` the cancelled
run started from ("" when it started on an empty thread). Everything else (claim, the
thread's lock, retries, cancel, the recorded ending) is ``Execution``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from langchain_core.messages import convert_to_messages
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.types import Command, StateSnapshot

from domain.errors import ConflictError
from server.services.background_runs import Streaming
from server.services.langgraph_api.streams import streaming
from switchboard.worker.execution import Execution


@dataclass
class LangGraphExecution(Execution):
    """One attempt at a queued LangGraph server API run."""

    def __post_init__(self) -> None:
        extra = self.job.extra
        modes = extra.get("stream_mode") or ["values"]
        self._streaming = streaming(list(modes), bool(extra.get("subgraphs")))

    def streaming(self) -> Streaming:
        return self._streaming

    async def _request(self, snapshot: StateSnapshot, config: dict[str, Any]) -> Any:
        extra, thread_id = self.job.extra, self.job.thread_id
        if self.job.kind == "resume":
            if not snapshot.interrupts:
                raise ConflictError(
                    f"thread {thread_id} waits for no approval; there is nothing to resume"
                )
            return Command(resume=extra.get("resume"))
        fork = extra.get("checkpoint_id")
        if fork == "":  # a rollback to before the thread's first run
            saver = self.state.runtime.graph.checkpointer
            if isinstance(saver, BaseCheckpointSaver):
                await saver.adelete_thread(thread_id)
        elif fork:
            config["configurable"]["checkpoint_id"] = str(fork)
        elif snapshot.interrupts:
            return await super()._request(snapshot, config)  # its ConflictError
        graph_input = dict(extra.get("input") or {})
        graph_input["messages"] = convert_to_messages(graph_input.get("messages") or [])
        return graph_input
