"""One answer from all department results: the only step that talks to the user."""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage

from graphs.state import DepartmentResult, SupervisorState
from nodes.writing import write


def pending_note(results: list[DepartmentResult]) -> str:
    """A line listing the proposed actions (the policy reviews them next), or ''."""
    actions = [a for r in results for a in r["pending_actions"]]
    if not actions:
        return ""
    tools = sorted({a["tool"] for a in actions})
    return f"{len(actions)} action(s) proposed for review: {', '.join(tools)}."


def synthesize(state: SupervisorState, model: BaseChatModel) -> dict[str, Any]:
    """A single department's summary stands as is; several are combined by the model."""
    order = [s["id"] for s in state.get("plan", [])]
    results = [state["results"][i] for i in order if i in state.get("results", {})]
    note = pending_note(results)
    if len(results) == 1:
        answer = results[0]["summary"] + (f"\n\n{note}" if note else "")
    else:
        reports = "\n\n".join(f"{r['department'].title()}: {r['summary']}" for r in results)
        answer = write(
            model,
            "synthesis",
            {
                "request": state.get("request", ""),
                "department_reports": reports,
                "pending_note": note,
            },
        )
    return {"answer": answer, "messages": [AIMessage(answer, name="switchboard")]}
