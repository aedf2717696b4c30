"""Run requests through the whole supervisor graph in a unit test (offline model).

Shared by the pattern tests that pin a behaviour end to end: each request runs on a new
thread of one compiled graph with an in-memory saver, on the test's demo database.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver

from adapters.services import Services
from graphs.context import Context
from graphs.supervisor import compile_supervisor

State = dict[str, Any]


class Graph:
    """The supervisor with the offline model on one fresh demo database."""

    def __init__(self, services: Services, prefix: str = "pattern") -> None:
        self.graph = compile_supervisor(services, checkpointer=InMemorySaver())
        self.prefix = prefix
        self.runs = 0

    def ask(self, text: str) -> State:
        """Run ``text`` on a new thread and return the final state."""
        self.runs += 1
        config: Any = {"configurable": {"thread_id": f"{self.prefix}-{self.runs}"}}
        self.graph.invoke({"messages": [HumanMessage(text)]}, config, context=Context())
        return dict(self.graph.get_state(config).values)


def actions(state: State, tool: str) -> list[dict[str, Any]]:
    """The arguments of every ``tool`` action the run proposed for approval."""
    outcomes = state.get("actions", {}).values()
    return [o["action"]["args"] for o in outcomes if o["action"]["tool"] == tool]
