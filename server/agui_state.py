"""The state an AG-UI client renders, instead of the whole supervisor state.

The library sends a STATE_SNAPSHOT at every node exit. With the full supervisor state
that was the messages (again: MESSAGES_SNAPSHOT carries them), every department's
result data and every action's facts, on every step: most of the bytes of a run. A
chat sidebar shows the plan's progress, the actions waiting for a human and the answer,
so that is what a snapshot holds:

- ``agents``: the departments the request was routed to;
- ``progress``: one entry per plan step with ``status`` ``waiting`` (its dependencies
  are not done), ``working``, ``done`` or ``error``;
- ``approvals``: actions waiting for a human (tool, department, summary, the policy's
  reasons as sentences; the approval card's arguments come with the interrupt);
- ``outcomes``: every action's tool, department and status;
- ``reply``: the answer so far.

None of these names is a graph channel, so a client that sends its state back with the
next request (AG-UI clients do) feeds nothing into the graph: the library keeps only
the graph's input keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

UI_KEYS = ("agents", "progress", "approvals", "outcomes", "reply")


def ui_state(values: Mapping[str, Any] | None) -> dict[str, Any]:
    """The compact view of supervisor ``values`` (see the module docstring)."""
    values = values or {}
    results: Mapping[str, Any] = values.get("results") or {}
    actions: Mapping[str, Any] = values.get("actions") or {}
    return {
        "agents": list((values.get("route") or {}).get("agents", [])),
        "progress": [_step(step, results) for step in values.get("plan") or []],
        "approvals": [
            {
                "action_id": o["action"]["action_id"],
                "tool": o["action"]["tool"],
                "department": o["action"]["department"],
                "summary": o["action"].get("summary", ""),
                "reasons": [r.get("message", "") for r in o.get("reasons", [])],
            }
            for o in actions.values()
            if o.get("status") == "awaiting_approval"
        ],
        "outcomes": [
            {
                "action_id": o["action"]["action_id"],
                "tool": o["action"]["tool"],
                "department": o["action"]["department"],
                "status": o.get("status"),
            }
            for o in actions.values()
        ],
        "reply": values.get("answer", ""),
    }


def _step(step: Mapping[str, Any], results: Mapping[str, Any]) -> dict[str, Any]:
    result = results.get(step["id"])
    if result is not None:
        status = str(result.get("status", "done"))
    elif all(dep in results for dep in step.get("depends_on", [])):
        status = "working"
    else:
        status = "waiting"
    return {
        "step": step["id"],
        "department": step["department"],
        "playbook": step.get("playbook"),
        "task": step.get("task", ""),
        "status": status,
    }
