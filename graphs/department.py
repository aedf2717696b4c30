"""One department as a compiled subgraph: an ad-hoc agent plus its playbooks.

    START -> choose -> agent -> summarise -> publish -> END
                    -> <playbook> ---------> publish

Only ``results`` leaves the subgraph; the agent's messages stay inside it.

Departments, their agents and playbooks are compiled with ``checkpointer=False``: they
never interrupt (only the supervisor's ``approval_gate`` does) and never resume
mid-way, so their per-step checkpoints were bytes nobody read (three quarters of a
long thread's storage). A department run that dies is run again from its task, which
the supervisor's checkpoint keeps; its external actions are only pending actions until
the supervisor's ``execute`` sends them through the outbox. ``None`` would not do: a
subgraph compiled with ``None`` inherits the parent's checkpointer and saves every step
in its own namespace. That is what ``checkpoints=True`` asks for (Studio, through
``graphs.factory``): LangGraph only lists, draws and inspects subgraphs that may save.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from langchain.agents import create_agent
from langgraph.graph import END, START, StateGraph

from adapters.models import agent_middleware
from adapters.services import Services
from graphs.context import Context
from graphs.state import DepartmentName, DepartmentOutput, DepartmentState, DepartmentTask
from graphs.subgraph_output import returning_only_output
from graphs.sync_durability_fix import allow_sync_durability_without_checkpointer
from nodes import department_steps as steps
from nodes.agent_tools import DepartmentAgentState, langchain_tools
from nodes.playbooks.catalog import all_playbooks
from prompts.loader import template_text


def build_department_graph(
    department: DepartmentName, services: Services, *, checkpoints: bool = False
) -> StateGraph[Any, Any, Any, Any]:
    """The uncompiled subgraph for ``department`` (``checkpoints``: its inner graphs save)."""
    allow_sync_durability_without_checkpointer()  # the subgraphs below may save nothing
    saves: bool | None = None if checkpoints else False
    playbooks = {n: p for n, p in all_playbooks().items() if p.department == department}
    agent = create_agent(
        services.model,
        langchain_tools(department, services),
        system_prompt=template_text(f"agent_{department}"),
        middleware=agent_middleware(services.settings, services),
        state_schema=DepartmentAgentState,
        context_schema=Context,
        name=f"{department}_agent",
        checkpointer=saves,
    )
    graph = StateGraph(
        DepartmentState,
        context_schema=Context,
        input_schema=DepartmentTask,
        output_schema=DepartmentOutput,
    )
    graph.add_node(
        "choose",
        partial(steps.choose, playbooks=frozenset(playbooks)),
        destinations=("agent", *playbooks),
    )
    graph.add_node("agent", returning_only_output(agent))
    graph.add_node("summarise", steps.summarise_agent)
    graph.add_node("publish", steps.publish)
    for name, playbook in playbooks.items():
        graph.add_node(
            name,
            returning_only_output(playbook.build(services).compile(name=name, checkpointer=saves)),
        )
        graph.add_edge(name, "publish")
    graph.add_edge(START, "choose")
    graph.add_edge("agent", "summarise")
    graph.add_edge("summarise", "publish")
    graph.add_edge("publish", END)
    return graph
