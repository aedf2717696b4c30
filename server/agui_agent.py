"""The ``ag_ui_langgraph`` agent, with the run's context and durability set by the server.

The library builds the graph's ``context`` from request config; here it always comes
from the API key (tenant and actor), never from what the client sends, and every run
checkpoints synchronously so an approved action cannot be re-proposed after a crash.
RAW events are off: they carry the system prompt and multiply the bytes on the wire.
"""

from __future__ import annotations

from typing import Any

from ag_ui_langgraph import LangGraphAgent
from langgraph.graph.state import CompiledStateGraph

from graphs.context import Context


class SwitchboardAgent(LangGraphAgent):
    """A per-request AG-UI agent bound to one tenant's context."""

    def __init__(self, *, graph: CompiledStateGraph[Any, Any, Any, Any], context: Context) -> None:
        super().__init__(
            name="switchboard",
            graph=graph,
            description="Switchboard: sales, marketing, operations, support, analytics and "
            "research agents with human approval of risky actions.",
            emit_raw_events=False,
        )
        self.run_context = context

    def get_stream_kwargs(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        stream_kwargs = super().get_stream_kwargs(*args, **kwargs)
        stream_kwargs["context"] = self.run_context
        stream_kwargs["durability"] = "sync"
        return stream_kwargs
