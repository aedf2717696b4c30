"""Small pieces the daily operations, support and insights playbooks share.

Input/output shapes of a playbook graph, a tool call that records its error instead of
raising, the thread id of a run, agent messages, and the final ``DepartmentResult``.
"""

from __future__ import annotations

from typing import Any, TypedDict, TypeVar, overload

from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph

from domain.agent_messages import send_message
from domain.negation import withheld_tools
from domain.scope import Scope
from graphs.context import Context
from graphs.state import DepartmentName, DepartmentResult, PendingAction, PlanStep
from nodes.dependent_actions import dependent_on
from tools import call_tool
from tools.registry import ToolArgumentError
from tools.results import TypedTool

SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}
"""Seed 000's four levels, lowest first."""

MESSAGE_PRIORITY = {"low": "low", "medium": "medium", "high": "high", "critical": "urgent"}
"""Seed 001 message priority for each severity."""


class PlaybookInput(TypedDict):
    """What a playbook receives from the supervisor (the DepartmentTask keys)."""

    step: PlanStep
    inputs: dict[str, DepartmentResult]
    request: str


def kept_actions(actions: list[PendingAction], request: str) -> list[PendingAction]:
    """``actions`` without those the request says not to take ("nicht eskalieren").

    Playbooks drop them before they summarise, so the summary counts only what is
    proposed; the department's ``publish`` step drops any that slip through and says so.
    An escalation raised only for a dropped action goes too (``nodes.dependent_actions``).
    """
    barred = withheld_tools(request)
    dropped = {a["tool"] for a in actions if a["tool"] in barred}
    return [a for a in actions if a["tool"] not in barred and not dependent_on(dict(a), dropped)]


class PlaybookOutput(TypedDict):
    """What leaves a playbook graph: its one result."""

    result: DepartmentResult


ResultT = TypeVar("ResultT")


@overload
def run_tool(
    scope: Scope, tool: TypedTool[ResultT], args: dict[str, Any], errors: list[dict[str, str]]
) -> ResultT | None: ...


@overload
def run_tool(
    scope: Scope, tool: str, args: dict[str, Any], errors: list[dict[str, str]]
) -> dict[str, Any] | None: ...


def run_tool(
    scope: Scope, tool: TypedTool[Any] | str, args: dict[str, Any], errors: list[dict[str, str]]
) -> Any:
    """Call a READ or DRAFT tool; on bad arguments record the error and return None.

    Args:
        scope: the tenant scope of the node.
        tool: a typed tool (``tools.results``), whose result comes back typed, or a
            registered tool's name.
        args: raw arguments, validated by the tool.
        errors: list that receives ``{"tool", "error"}`` when the tool refuses.
    """
    name = tool.name if isinstance(tool, TypedTool) else tool
    try:
        return call_tool(name, args, scope)
    except ToolArgumentError as exc:
        errors.append({"tool": name, "error": str(exc)})
        return None


def thread_of(config: RunnableConfig | None) -> str | None:
    """The checkpoint thread id of the run, if any (agent messages carry it)."""
    configurable = (config or {}).get("configurable") or {}
    thread = configurable.get("thread_id")
    return str(thread) if thread is not None else None


def send_agent_message(
    scope: Scope,
    *,
    from_agent: str,
    to_agent: str,
    message_type: str,
    payload: dict[str, Any],
    priority: str,
    requires_response: bool,
    thread_id: str | None,
) -> int:
    """Store one typed agent message (seed 001) and return its id."""
    message = send_message(
        scope,
        from_agent,
        to_agent,
        message_type,
        payload,
        priority=priority,
        requires_response=requires_response,
        response_to_id=None,
        thread_id=thread_id,
    )
    return message.id


def by_severity(items: list[dict[str, Any]]) -> dict[str, int]:
    """How many items carry each severity, every level present (critical first)."""
    return {
        level: sum(1 for item in items if item["severity"] == level)
        for level in ("critical", "high", "medium", "low")
    }


def counts_text(counts: dict[str, int]) -> str:
    """'2 critical, 3 high, 1 low' (levels with no items left out), or 'none'."""
    parts = [f"{n} {level}" for level, n in counts.items() if n]
    return ", ".join(parts) or "none"


def department_result(
    step: PlanStep,
    *,
    department: DepartmentName,
    playbook: str,
    summary: str,
    data: dict[str, Any],
    tools_used: list[str],
    pending_actions: list[PendingAction],
) -> DepartmentResult:
    """The finished playbook's result for the supervisor."""
    return DepartmentResult(
        step_id=step["id"],
        department=department,
        playbook=playbook,
        status="done",
        summary=summary.strip(),
        data=data,
        tools_used=tools_used,
        pending_actions=pending_actions,
    )


def sequential_graph(
    state_schema: type[Any], steps: list[tuple[str, Any]]
) -> StateGraph[Any, Any, Any, Any]:
    """A playbook graph that runs ``steps`` (name, node) one after another."""
    graph: StateGraph[Any, Any, Any, Any] = StateGraph(
        state_schema,
        context_schema=Context,
        input_schema=PlaybookInput,
        output_schema=PlaybookOutput,
    )
    previous = START
    for name, node in steps:
        graph.add_node(name, node)
        graph.add_edge(previous, name)
        previous = name
    graph.add_edge(previous, END)
    return graph
