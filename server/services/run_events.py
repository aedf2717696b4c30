"""The narrow events a streamed run sends: progress per node, interrupts, the end.

Only what a console needs crosses the wire: which department and node moved, which
tools were called or answered, and result summaries. Prompts, tool payloads and
sub-agent messages stay on the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SUMMARY_CHARS = 500


@dataclass(frozen=True)
class RunEvent:
    """One server-sent event: its name and JSON data."""

    event: str
    data: dict[str, Any]


def describe_update(namespace: tuple[str, ...], update: Any) -> list[RunEvent]:
    """``updates`` events for one chunk of ``astream(stream_mode="updates", subgraphs=True)``."""
    if not isinstance(update, dict):
        return []
    department = namespace[0].split(":", 1)[0] if namespace else None
    events = []
    for node, value in update.items():
        if node == "__interrupt__" or "." in node:  # interrupts come last; skip middleware
            continue
        events.append(RunEvent("updates", _node_update(department, node, value)))
    return events


def _node_update(department: str | None, node: str, value: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"department": department, "node": node}
    if not isinstance(value, dict):
        return data
    calls, answered = [], []
    for message in value.get("messages", []) or []:
        calls += [c["name"] for c in getattr(message, "tool_calls", None) or []]
        if getattr(message, "type", "") == "tool":
            answered.append(getattr(message, "name", None) or "tool")
    if calls:
        data["tool_calls"] = calls
    if answered:
        data["tool_results"] = answered
    if node == "route" and isinstance(value.get("route"), dict):
        data["agents"] = list(value["route"].get("agents", []))
    result = value.get("result")
    if isinstance(result, dict):
        data["result"] = _summary(result)
    results = value.get("results")
    if isinstance(results, dict) and results:
        data["results"] = [_summary(r) for r in results.values() if isinstance(r, dict)]
    if isinstance(value.get("answer"), str) and value["answer"]:
        data["answer"] = value["answer"][:SUMMARY_CHARS]
    return data


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "department": result.get("department"),
        "status": result.get("status"),
        "summary": str(result.get("summary", ""))[:SUMMARY_CHARS],
        "tools_used": list(result.get("tools_used", []) or []),
        "pending_actions": len(result.get("pending_actions", []) or []),
    }


def outcome_events(run_id: str, ending: dict[str, Any]) -> list[RunEvent]:
    """The interrupt events (one per pending interrupt) and the final ``end`` event."""
    output = ending.get("output") or {}
    events = [
        RunEvent("interrupt", {"run_id": run_id, **value})
        for value in output.get("interrupts", [])
        if isinstance(value, dict)
    ]
    end = {"run_id": run_id, "status": ending["status"], "agents": ending.get("agents", [])}
    if output.get("answer"):
        end["answer"] = output["answer"]
    if ending.get("error"):
        end["error"] = ending["error"]
    events.append(RunEvent("end", end))
    return events
