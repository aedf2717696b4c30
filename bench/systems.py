"""The systems under comparison, each built on the same services (database + scripted model).

- Switchboard: ``graphs.supervisor.compile_supervisor`` as the server runs it.
- The stock supervisor: ``langgraph_supervisor.create_supervisor`` over six
  ``langchain.agents.create_agent`` department agents with the very same tools, system
  prompts and middleware as Switchboard's department agents.
- A plain ``create_agent`` for one department (optionally with the same middleware), and
  Switchboard's department subgraph on its own, for the overhead comparison.

Everything is compiled with an in-memory checkpointer, as a server would run it.
"""

from __future__ import annotations

import warnings
from typing import Any

from langchain.agents import create_agent
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph.state import CompiledStateGraph
from langgraph_supervisor import create_supervisor

from adapters.models import agent_middleware
from adapters.services import Services
from graphs.context import Context
from graphs.department import build_department_graph
from graphs.state import DEPARTMENTS, DepartmentName
from graphs.supervisor import compile_supervisor
from nodes.agent_tools import DepartmentAgentState, langchain_tools
from prompts.loader import template_text

Graph = CompiledStateGraph[Any, Any, Any, Any]

SUPERVISOR_PROMPT = """You are the supervisor of an event business's six departments.
Hand the user's request to the department that should do it, one at a time:
- sales: sponsors, the sponsorship pipeline, proposals, outreach and meetings;
- marketing: campaigns, content, social posts, audience and send timing;
- operations: deliverables, vendors, budget, ticket-sales monitoring, status reports;
- support: attendee questions, tickets, refunds, transfers, escalations;
- analytics: forecasts, revenue, anomalies, reports and database questions;
- research: companies, contacts, enrichment, email checks, event attendance.
When every department the request needs has reported, answer the user in a few sentences."""
"""The stock supervisor's prompt: what each department does (the agents bring their own)."""


def switchboard(services: Services) -> Graph:
    """Switchboard's supervisor graph."""
    return compile_supervisor(services, checkpointer=InMemorySaver())


def department_agent(
    department: DepartmentName, services: Services, *, middleware: bool = True, **kwargs: Any
) -> Graph:
    """A ``create_agent`` agent with the department's tools and system prompt."""
    return create_agent(
        services.model,
        langchain_tools(department, services),
        system_prompt=template_text(f"agent_{department}"),
        middleware=agent_middleware(services.settings) if middleware else (),
        state_schema=DepartmentAgentState,
        context_schema=Context,
        name=department,
        **kwargs,
    )


def stock_supervisor(services: Services) -> Graph:
    """``create_supervisor`` over the six department agents."""
    agents: list[Any] = [department_agent(d, services) for d in DEPARTMENTS]
    with warnings.catch_warnings():
        # langgraph-supervisor 0.0.31 builds its supervisor with the deprecated
        # create_react_agent; the warning is the library's, not ours.
        warnings.filterwarnings("ignore", message="create_react_agent has been moved")
        workflow = create_supervisor(
            agents, model=services.model, prompt=SUPERVISOR_PROMPT, context_schema=Context
        )
    return workflow.compile(checkpointer=InMemorySaver(), name="create_supervisor")


def plain_agent(department: DepartmentName, services: Services, *, middleware: bool) -> Graph:
    """One department as a lone ``create_agent`` (the overhead baseline)."""
    return department_agent(
        department, services, middleware=middleware, checkpointer=InMemorySaver()
    )


def department_subgraph(department: DepartmentName, services: Services) -> Graph:
    """Switchboard's department subgraph on its own (choose, agent, summarise, publish)."""
    graph = build_department_graph(department, services)
    return graph.compile(checkpointer=InMemorySaver(), name=department)
