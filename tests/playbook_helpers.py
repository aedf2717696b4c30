"""Shared helpers for the daily operations, support and insights playbook tests."""

from __future__ import annotations

import itertools
import json
from string import Template
from typing import Any

from langchain_core.messages import AIMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import StateGraph

from graphs.context import Context
from graphs.state import DepartmentName, DepartmentResult, PlanStep
from prompts.loader import template_sections
from tests.fakes import ScriptedChatModel

WRITTEN = "Scripted text from the writer."


def writer() -> ScriptedChatModel:
    """A model that writes the same text for every task and records the prompts."""
    return ScriptedChatModel(messages=itertools.cycle([AIMessage(WRITTEN)]), prompts=[])


def run_playbook(
    graph: StateGraph[Any, Context, Any, Any],
    department: DepartmentName,
    playbook: str,
    request: str,
    *,
    thread_id: str = "t",
    context: Context | None = None,
) -> DepartmentResult:
    """Compile with an in-memory saver, invoke once, return the single result."""
    compiled = graph.compile(checkpointer=InMemorySaver())
    step = PlanStep(id="s1", department=department, task=request, playbook=playbook, depends_on=[])
    output = compiled.invoke(
        {"step": step, "inputs": {}, "request": request},
        {"configurable": {"thread_id": thread_id}},
        context=context or Context(),
    )
    assert set(output) == {"result"}  # the working state never leaves the playbook
    result: DepartmentResult = output["result"]
    return result


def writing_prompt(model: ScriptedChatModel, task: str) -> dict[str, Any]:
    """The facts of the one prompt sent for ``task`` (asserting there was exactly one)."""
    prompts = [p for p in model.prompts if p[0].content.endswith(f"Task: {task}")]
    assert len(prompts) == 1, f"expected one {task} prompt, got {len(prompts)}"
    facts: dict[str, Any] = json.loads(prompts[0][1].content)
    return facts


def render_offline(task: str, facts: dict[str, Any]) -> str:
    """The offline section filled from the facts; KeyError if a placeholder has no fact."""
    flat = {k: v for k, v in facts.items() if isinstance(v, str | int | float)}
    return Template(template_sections(f"write_{task}")["offline"]).substitute(flat)


def data_size(result: DepartmentResult) -> int:
    """Bytes of the result's data as JSON (the contract keeps it near 5 KB)."""
    return len(json.dumps(result["data"], default=str))
