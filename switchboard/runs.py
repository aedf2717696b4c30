"""Run the supervisor graph on a thread and report the outcome (shared by CLI and tests)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from langchain_core.runnables import RunnableConfig
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command

from adapters.run_usage import RunUsageHandler
from adapters.services import Services
from domain import runs
from graphs.context import Context

Status = Literal["done", "interrupted", "error", "queued"]
"""How a run ended; ``queued``: handed to a queue worker (``server.services.queued_resumes``)."""


@dataclass
class Progress:
    """One line of progress: which department, which step, what happened."""

    department: str | None
    node: str
    detail: str


@dataclass
class RunOutcome:
    """The JSON the CLI prints for a run (``run --json``)."""

    thread_id: str
    status: Status
    agents: list[str]
    answer: str
    interrupts: list[Any] = field(default_factory=list)
    error: str | None = None
    run_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "thread_id": self.thread_id,
            "status": self.status,
            "agents": self.agents,
            "answer": self.answer,
            "interrupts": self.interrupts,
        }
        if self.error:
            data["error"] = self.error
        if self.run_id:
            data["run_id"] = self.run_id
        return data


def recorded_execute(
    services: Services,
    graph: CompiledStateGraph[Any, Any, Any, Any],
    graph_input: dict[str, Any] | Command[Any] | None,
    *,
    thread_id: str,
    context: Context,
    kind: str,
    run_input: dict[str, Any],
    on_progress: Callable[[Progress], None] | None = None,
    run_id: str | None = None,
) -> RunOutcome:
    """``execute`` with a run record: started, finished, timed, tokens counted.

    The caller holds the thread's lock (``adapters.thread_locks``).
    """
    run_id = run_id or uuid.uuid4().hex
    with services.scope(context.tenant_id, actor=context.actor, caller=context.caller) as scope:
        runs.start_run(scope, run_id=run_id, thread_id=thread_id, kind=kind, run_input=run_input)
    return execute_recorded(
        services,
        graph,
        graph_input,
        thread_id=thread_id,
        context=context,
        run_id=run_id,
        on_progress=on_progress,
    )


def execute_recorded(
    services: Services,
    graph: CompiledStateGraph[Any, Any, Any, Any],
    graph_input: dict[str, Any] | Command[Any] | None,
    *,
    thread_id: str,
    context: Context,
    run_id: str,
    on_progress: Callable[[Progress], None] | None = None,
) -> RunOutcome:
    """Execute a run already recorded as started, then record how it ended and its tokens."""
    usage = RunUsageHandler()
    outcome = execute(
        graph,
        graph_input,
        thread_id=thread_id,
        context=context,
        on_progress=on_progress,
        callbacks=[usage],
    )
    tokens_in = sum(u.get("input_tokens", 0) for u in usage.usage_metadata.values())
    tokens_out = sum(u.get("output_tokens", 0) for u in usage.usage_metadata.values())
    with services.scope(context.tenant_id, actor=context.actor, caller=context.caller) as scope:
        runs.finish_run(
            scope,
            run_id,
            status=outcome.status,
            output=outcome.as_json(),
            error=outcome.error,
            agents=outcome.agents,
            input_tokens=tokens_in,
            output_tokens=tokens_out,
        )
    outcome.run_id = run_id
    return outcome


def execute(
    graph: CompiledStateGraph[Any, Any, Any, Any],
    graph_input: dict[str, Any] | Command[Any] | None,
    *,
    thread_id: str,
    context: Context,
    on_progress: Callable[[Progress], None] | None = None,
    callbacks: list[Any] | None = None,
) -> RunOutcome:
    """Stream one run to completion or interrupt; never raises for a failed run.

    Runs use ``durability="sync"``: every step's checkpoint is written before the next
    step starts, so an approved action is never re-proposed after a crash.
    """
    config: dict[str, Any] = {"configurable": {"thread_id": thread_id}}
    if callbacks:
        config["callbacks"] = callbacks
    try:
        for progress in _progress(graph, graph_input, config, context):
            if on_progress is not None:
                on_progress(progress)
    except Exception as exc:  # a failed run is reported, not raised
        return RunOutcome(thread_id, "error", [], "", error=f"{type(exc).__name__}: {exc}")
    state = graph.get_state(config)  # type: ignore[arg-type]
    values = state.values
    interrupts = [i.value for i in state.interrupts]
    return RunOutcome(
        thread_id=thread_id,
        status="interrupted" if interrupts else "done",
        agents=list(values.get("route", {}).get("agents", [])),
        answer=values.get("answer", ""),
        interrupts=interrupts,
    )


def _progress(
    graph: CompiledStateGraph[Any, Any, Any, Any],
    graph_input: dict[str, Any] | Command[Any] | None,
    config: dict[str, Any],
    context: Context,
) -> Iterator[Progress]:
    stream = graph.stream(
        graph_input,
        cast(RunnableConfig, config),
        context=context,
        stream_mode="updates",
        subgraphs=True,
        durability="sync",
    )
    for namespace, update in stream:
        department = namespace[0].split(":", 1)[0] if namespace else None
        if not isinstance(update, dict):
            continue
        for node, value in update.items():
            yield from _describe(department, node, value)


def _describe(department: str | None, node: str, value: Any) -> Iterator[Progress]:
    if not isinstance(value, dict):
        return
    for message in value.get("messages", []) or []:
        for call in getattr(message, "tool_calls", None) or []:
            yield Progress(department, node, f"calls {call['name']}")
        if getattr(message, "type", "") == "tool":
            yield Progress(department, node, f"{message.name} returned")
    if node == "route" and "route" in value:
        yield Progress(None, node, f"routed to {', '.join(value['route']['agents'])}")
    if "result" in value and isinstance(value["result"], dict):
        yield Progress(department, node, f"done: {value['result'].get('summary', '')[:100]}")
