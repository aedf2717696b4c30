"""One answer from all department results: the only step that talks to the user."""

from __future__ import annotations

from string import Template
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage

from domain.action_words import tool_label
from domain.language import Language, detect_language
from graphs.state import DepartmentResult, SupervisorState
from nodes.answer_frame import phrases
from nodes.department_labels import department_label
from nodes.writing import write


def pending_note(results: list[DepartmentResult], language: Language = "en") -> str:
    """A line listing the proposed actions (the policy reviews them next), or ''.

    In the request's ``language`` (the answer frame's words, ``prompts/answer_frame.md``).
    """
    actions = [a for r in results for a in r["pending_actions"]]
    if not actions:
        return ""
    tools = ", ".join(sorted({named(a["tool"], language) for a in actions}))
    return Template(phrases(language)["proposed"]).safe_substitute(count=len(actions), tools=tools)


def named(tool: str, language: Language) -> str:
    """A proposed action as the line names it: its tool in English, its words elsewhere."""
    return tool if language == "en" else tool_label(tool, language)


def synthesize(state: SupervisorState, model: BaseChatModel) -> dict[str, Any]:
    """A single department's summary stands as is; several are combined by the model."""
    order = [s["id"] for s in state.get("plan", [])]
    results = [state["results"][i] for i in order if i in state.get("results", {})]
    language = detect_language(state.get("request", ""))
    note = pending_note(results, language)
    if len(results) == 1:
        answer = results[0]["summary"] + (f"\n\n{note}" if note else "")
    else:
        reports = "\n\n".join(
            f"{department_label(r['department'], language)}: {r['summary']}" for r in results
        )
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
