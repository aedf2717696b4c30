"""The supervisor: route, plan, run departments (in parallel where independent), answer.

    START -> route -> plan -> dispatch --Send--> <department> x N -> dispatch -> ...
                                      \\-> synthesize -> review -> [approval_gate] -> execute
                                                -> settle -> [approval_gate again] -> respond -> END

Routing is a local classifier (one structured model call only when unsure), and
departments report straight back to ``dispatch``: no model call is spent bouncing
control back to a supervisor.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.store.base import BaseStore

from adapters.models import routing_judge
from adapters.services import Services
from graphs.context import Context
from graphs.department import build_department_graph
from graphs.state import DEPARTMENTS, SupervisorState
from graphs.subgraph_output import returning_only_output
from graphs.sync_durability_fix import allow_sync_durability_without_checkpointer
from nodes import approval, execution_check
from nodes.intake import plan_request, route_request
from nodes.planning import SYNTHESIZE, dispatch
from nodes.record_names_cache import RecordNamesCache
from nodes.synthesis import synthesize


def build_supervisor_graph(
    services: Services, *, department_checkpoints: bool = False
) -> StateGraph[Any, Any, Any, Any]:
    """The uncompiled supervisor graph (tests compile it with an in-memory saver).

    Departments save no checkpoints (``graphs.department``) unless
    ``department_checkpoints``: then they save them in the parent's checkpointer, and
    LangGraph treats them as subgraphs (Studio draws and inspects them).
    """
    allow_sync_durability_without_checkpointer()  # the subgraphs below may save nothing
    saves: bool | None = None if department_checkpoints else False
    graph = StateGraph(SupervisorState, context_schema=Context)
    names = RecordNamesCache(services.sessions)  # each tenant's record names, for routing
    judge = routing_judge(services.model)
    graph.add_node("route", partial(route_request, model=judge, names=names))
    graph.add_node("plan", partial(plan_request, names=names))
    graph.add_node("dispatch", dispatch, destinations=(*DEPARTMENTS, SYNTHESIZE))
    for department in DEPARTMENTS:
        compiled = build_department_graph(
            department, services, checkpoints=department_checkpoints
        ).compile(name=department, checkpointer=saves)
        graph.add_node(department, returning_only_output(compiled))
        graph.add_edge(department, "dispatch")
    graph.add_node(SYNTHESIZE, partial(synthesize, model=services.model))
    graph.add_node(
        "review",
        partial(approval.review, services=services),
        destinations=("execute", "approval_gate", "respond", END),
    )
    graph.add_node(
        "approval_gate",
        partial(approval.approval_gate, services=services),
        destinations=("execute", "respond"),
    )
    graph.add_node(
        "execute", partial(approval.execute, services=services), input_schema=approval.ExecuteWork
    )
    graph.add_node("settle", execution_check.settle, destinations=("approval_gate", "respond", END))
    graph.add_node("respond", approval.respond)
    graph.add_edge(START, "route")
    graph.add_edge("route", "plan")
    graph.add_edge("plan", "dispatch")
    graph.add_edge(SYNTHESIZE, "review")
    graph.add_edge("execute", "settle")
    graph.add_edge("respond", END)
    return graph


def compile_supervisor(
    services: Services,
    *,
    checkpointer: BaseCheckpointSaver[Any] | None = None,
    store: BaseStore | None = None,
    department_checkpoints: bool = False,
) -> CompiledStateGraph[Any, Any, Any, Any]:
    """Compile the supervisor with the given persistence."""
    graph = build_supervisor_graph(services, department_checkpoints=department_checkpoints)
    return graph.compile(checkpointer=checkpointer, store=store, name="switchboard")
