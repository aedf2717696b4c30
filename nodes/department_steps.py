"""The steps around a department's agent or playbook: choose, summarise, publish."""

from __future__ import annotations

import json
from string import Template
from typing import Any

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, ToolMessage
from langgraph.types import Command

from domain.action_words import action_summary, withheld_word
from domain.language import detect_language
from domain.negation import (
    ANY_ACTION,
    LOOK_ONLY,
    tools_of,
    withheld_actions,
    withheld_reason,
    withheld_tools,
)
from domain.reply_language import reply_line
from graphs.state import DepartmentResult, DepartmentState, PendingAction
from nodes.answer_frame import phrases
from nodes.dependent_actions import dependent_on
from tools.registry import tools_for

DATA_BUDGET_CHARS = 4000
"""Upper bound on a result's structured data, so supervisor checkpoints stay small."""


def choose(state: DepartmentState, playbooks: frozenset[str]) -> Command[str]:
    """Send the step to its playbook when it names one we have, else to the agent."""
    step = state["step"]
    playbook = step.get("playbook")
    if playbook is not None and playbook in playbooks:
        return Command(goto=playbook)
    return Command(
        goto="agent",
        update={"messages": [HumanMessage(task_prompt(state))], "step_id": step["id"]},
    )


def task_prompt(state: DepartmentState) -> str:
    """The agent's task: its part of the request plus what upstream steps found."""
    task = state["step"]["task"]
    lines = [task]
    if language_line := reply_line(str(state.get("request", "")), task):
        lines.append(language_line)
    for step_id, upstream in state.get("inputs", {}).items():
        lines.append(f"\nFrom {upstream['department']} ({step_id}): {upstream['summary']}")
    return "\n".join(lines)


def summarise_agent(state: DepartmentState) -> dict[str, Any]:
    """Turn the agent's conversation into a narrow result."""
    messages = state.get("messages", [])
    final = next((m for m in reversed(messages) if isinstance(m, AIMessage)), None)
    step = state["step"]
    result = DepartmentResult(
        step_id=step["id"],
        department=step["department"],
        playbook=None,
        status="done" if final is not None else "error",
        summary=(final.text if final is not None else "The agent did not answer."),
        data=bounded({"tool_results": _tool_results(messages)}),
        tools_used=_tools_used(messages),
        pending_actions=list(state.get("pending_actions", [])),
    )
    return {"result": result}


def publish(state: DepartmentState) -> dict[str, Any]:
    """The department's only output to the supervisor: its result under the step id.

    An action the request says not to take ("just draft, don't send") is dropped here,
    whichever agent or playbook proposed it, and the summary says so.
    """
    result = withhold_negated(state["result"], state.get("request", ""))
    return {"results": {result["step_id"]: result}}


def withhold_negated(result: DepartmentResult, request: str) -> DepartmentResult:
    """``result`` without the pending actions ``request`` rules out, and saying so.

    The summary gets one line when the request ruled out an action this department can
    take: the actions dropped here by name, else that none was proposed.
    """
    barred = withheld_tools(request)
    if not barred:
        return result
    dropped = [a for a in result["pending_actions"] if a["tool"] in barred]
    kept = [a for a in result["pending_actions"] if a["tool"] not in barred]
    tools_dropped = {a["tool"] for a in dropped}
    dependent = [a for a in kept if dependent_on(dict(a), tools_dropped)]
    kept = [a for a in kept if a not in dependent]
    own = {spec.name for spec in tools_for(result["department"])}
    verbs = sorted(
        "act on" if v == ANY_ACTION else v for v in withheld_actions(request) if tools_of(v) & own
    )
    if dropped:
        note = _not_proposed(request, dropped, dependent)
    elif verbs and not any(mark in result["summary"] for mark in ANSWERED_MARKS):
        language = detect_language(request)
        template = Template(phrases(language)["withheld"])
        named = [withheld_word(verb, language) for verb in verbs]
        note = template.safe_substitute(verbs=(" or " if language == "en" else "/").join(named))
    else:
        return result
    summary = f"{result['summary']}\n{note}".strip()
    return DepartmentResult(**{**result, "pending_actions": kept, "summary": summary})


def _not_proposed(
    request: str, dropped: list[PendingAction], dependent: list[PendingAction]
) -> str:
    """ "Not proposed (the request says not to send): Email ..." in the request's language
    (``prompts/answer_frame.md``; the actions named by ``domain.action_words``)."""
    language = detect_language(request)
    if language == "en":
        reasons = sorted({withheld_reason(a["tool"], request) or "" for a in dropped})
        names = ", ".join(a["summary"] for a in [*dropped, *dependent])
        return f"Not proposed ({'; '.join(reasons)}): {names}."
    words = phrases(language)
    looking_only = all(withheld_reason(a["tool"], request) == LOOK_ONLY for a in dropped)
    return Template(words["not_proposed"]).safe_substitute(
        why=words["look_only" if looking_only else "ruled_out"],
        names=", ".join(action_summary(a, language) for a in [*dropped, *dependent]),
    )


ANSWERED_MARKS = ("As you asked,", "Como pediste,", "Comme demandé,", "Wie gewünscht")
"""How a line saying that a ruled-out action was not taken begins, per language (the
offline model's line and ``prompts/answer_frame.md``'s ``withheld``): written once."""


def _tools_used(messages: list[AnyMessage]) -> list[str]:
    return [call["name"] for m in messages if isinstance(m, AIMessage) for call in m.tool_calls]


def _tool_results(messages: list[AnyMessage]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for message in messages:
        if isinstance(message, ToolMessage) and message.name:
            try:
                results[message.name] = json.loads(message.text)
            except ValueError:
                results[message.name] = message.text
    return results


def bounded(data: dict[str, Any], limit: int = DATA_BUDGET_CHARS) -> dict[str, Any]:
    """Shrink ``data`` until its JSON fits ``limit``: shorten lists, then drop big values."""
    if len(json.dumps(data, default=str)) <= limit:
        return data
    trimmed = _shorten_lists(data, keep=5)
    if len(json.dumps(trimmed, default=str)) <= limit:
        return trimmed
    sizes = sorted(trimmed, key=lambda k: len(json.dumps(trimmed[k], default=str)))
    kept: dict[str, Any] = {}
    for key in sizes:
        candidate = {**kept, key: trimmed[key]}
        if len(json.dumps(candidate, default=str)) > limit:
            kept[key] = "(omitted: too large)"
        else:
            kept = candidate
    return kept


def _shorten_lists(value: Any, keep: int) -> Any:
    if isinstance(value, dict):
        return {k: _shorten_lists(v, keep) for k, v in value.items()}
    if isinstance(value, list):
        return [_shorten_lists(v, keep) for v in value[:keep]]
    return value
