"""Supervisor variants for the checkpoint-growth benchmark (baselines, not product code).

The same nodes and departments as ``graphs.supervisor``, wired differently:

- ``leaky_supervisor``: each department hands back its agent's whole conversation (task
  prompt, tool calls, raw tool results, answer) into the supervisor's ``messages``, as a
  supervisor that shares one message list with its sub-agents does.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime

from adapters.services import Services
from graphs.context import Context
from graphs.department import build_department_graph
from graphs.state import DEPARTMENTS, DepartmentName, DepartmentTask, SupervisorState
from nodes import approval
from nodes.intake import plan_request, route_request
from nodes.planning import SYNTHESIZE, dispatch
from nodes.synthesis import synthesize

DepartmentNode = Callable[[DepartmentName, Services], Any]


def leaky(department: CompiledStateGraph[Any, Any, Any, Any]) -> Callable[..., dict[str, Any]]:
    """A node that runs ``department`` and returns its result *and* its agent's messages."""

    def run(task: DepartmentTask, config: RunnableConfig, runtime: Runtime[Context]) -> Any:
        chatter: list[Any] = []
        results: dict[str, Any] = {}
        for update in department.stream(
            task, config, context=runtime.context, stream_mode="updates"
        ):
            for node, value in update.items():
                if not isinstance(value, dict):
                    continue
                if node == "agent":
                    chatter = list(value.get("messages", []))
                results.update(value.get("results", {}))
        return {"results": results, "messages": chatter}

    return run


def _leaky_node(name: DepartmentName, services: Services) -> Any:
    return leaky(build_department_graph(name, services).compile(name=name))


def build_variant(
    services: Services, department_node: DepartmentNode, state_schema: Any = SupervisorState
) -> StateGraph[Any, Any, Any, Any]:
    """``graphs.supervisor.build_supervisor_graph`` with another department node or state."""
    graph = StateGraph(state_schema, context_schema=Context)
    own = {"input_schema": state_schema}  # the nodes' annotations name SupervisorState
    graph.add_node("route", partial(route_request, model=None), **own)  # offline model only
    graph.add_node("plan", plan_request, **own)
    graph.add_node("dispatch", dispatch, destinations=(*DEPARTMENTS, SYNTHESIZE), **own)
    for name in DEPARTMENTS:
        graph.add_node(name, department_node(name, services), input_schema=DepartmentTask)
        graph.add_edge(name, "dispatch")
    graph.add_node(SYNTHESIZE, partial(synthesize, model=services.model), **own)
    graph.add_node(
        "review",
        partial(approval.review, services=services),
        destinations=("execute", "approval_gate", "respond", END),
        **own,
    )
    graph.add_node(
        "approval_gate",
        partial(approval.approval_gate, services=services),
        destinations=("execute", "respond"),
        **own,
    )
    graph.add_node(
        "execute", partial(approval.execute, services=services), input_schema=approval.ExecuteWork
    )
    graph.add_node("respond", approval.respond, **own)
    graph.add_edge(START, "route")
    graph.add_edge("route", "plan")
    graph.add_edge("plan", "dispatch")
    graph.add_edge(SYNTHESIZE, "review")
    graph.add_edge("execute", "respond")
    graph.add_edge("respond", END)
    return graph


def leaky_supervisor(services: Services) -> StateGraph[Any, Any, Any, Any]:
    """Departments leak their conversation into the supervisor's ``messages``."""
    return build_variant(services, _leaky_node)
